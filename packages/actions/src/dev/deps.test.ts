import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { depsOutdatedAction, outdatedSummary } from './deps-outdated.ts';
import { depsUpdateAction, updateCommands, updateSummary } from './deps-update.ts';
import { failureOf, runAction, type TempWorkspace, tempWorkspace } from './test-support.ts';

/**
 * Real npm and pnpm against the real registry: is-number 6.0.0 is the only 6.x, and 7.0.0
 * has been its latest for years. Generous timeouts for a slow registry.
 */
const NETWORK_TIMEOUT = 120_000;

const manifest = JSON.stringify({
  name: 'deps-fixture',
  version: '1.0.0',
  private: true,
  dependencies: { 'is-number': '^6.0.0' },
});

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace({ 'package.json': manifest });
});
afterEach(() => ws.remove());

async function install(command: 'npm' | 'pnpm') {
  const args = command === 'npm' ? ['install', '--no-audit', '--no-fund'] : ['install'];
  const { execFileSync } = await import('node:child_process');
  execFileSync(command, args, { cwd: ws.dir, stdio: 'ignore', timeout: 90_000 });
}

describe.each(['npm', 'pnpm'] as const)('deps actions with %s', (manager) => {
  it(
    'lists the outdated dependency, then moves it to the latest',
    async () => {
      await install(manager);

      const outdated = await runAction(depsOutdatedAction, {}, ws.dir);
      expect(outdated.outputs.manager).toBe(manager);
      expect(outdated.outputs.count).toBe(1);
      expect(outdated.outputs.outdated).toEqual([
        expect.objectContaining({
          name: 'is-number',
          current: '6.0.0',
          wanted: '6.0.0',
          latest: expect.stringMatching(/^7\./),
        }),
      ]);
      expect(outdated.result.summary).toMatch(/^1 dependency is behind: is-number 6\.0\.0 → 7\./);

      const within = await runAction(depsUpdateAction, {}, ws.dir);
      expect(within.outputs).toEqual({ changed: [], count: 0, manager });
      expect(within.result.summary).toBe('everything already up to date');

      const latest = await runAction(depsUpdateAction, { latest: true }, ws.dir);
      expect(latest.outputs.count).toBe(1);
      expect(latest.outputs.changed).toEqual([
        { name: 'is-number', from: '6.0.0', to: expect.stringMatching(/^7\./) },
      ]);
      expect(latest.result.summary).toMatch(/^updated 1 dependency: is-number 6\.0\.0 → 7\./);

      const after = await runAction(depsOutdatedAction, {}, ws.dir);
      expect(after.outputs.count).toBe(0);
      expect(after.result.summary).toBe('all dependencies are up to date');
    },
    NETWORK_TIMEOUT * 2,
  );
});

describe('deps actions', () => {
  it('refuse a directory without package.json', async () => {
    const empty = await tempWorkspace();
    try {
      const failure = await failureOf(runAction(depsOutdatedAction, {}, empty.dir));
      expect(failure.retriable).toBe(false);
      expect(failure.message).toContain('no package.json');
    } finally {
      await empty.remove();
    }
  });

  it('plan npm and pnpm commands', () => {
    const npm = {
      manager: 'npm' as const,
      workspace: false,
      manifest: { dependencies: { a: '^1' }, devDependencies: { b: '^2', c: '^3' } },
    };
    expect(updateCommands(npm, { latest: false })).toEqual([['update']]);
    expect(updateCommands(npm, { latest: true })).toEqual([
      ['install', '--save-prod', 'a@latest'],
      ['install', '--save-dev', 'b@latest', 'c@latest'],
    ]);
    expect(updateCommands(npm, { latest: true, packages: ['c'] })).toEqual([
      ['install', '--save-dev', 'c@latest'],
    ]);
    const pnpm = { manager: 'pnpm' as const, workspace: true, manifest: undefined };
    expect(updateCommands(pnpm, { latest: true, packages: ['a'] })).toEqual([
      ['update', '--recursive', '--latest', 'a'],
    ]);
  });

  it('reject package names that could be options', () => {
    expect(depsUpdateAction.input.safeParse({ packages: ['--registry=http://evil'] }).success).toBe(
      false,
    );
    expect(
      depsUpdateAction.input.safeParse({ packages: ['@types/node', 'lodash.merge'] }).success,
    ).toBe(true);
  });

  it('summarise', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({
      name: `p${i}`,
      current: '1.0.0',
      wanted: '1.0.0',
      latest: '2.0.0',
    }));
    expect(outdatedSummary(many)).toBe(
      '7 dependencies are behind: p0 1.0.0 → 2.0.0, p1 1.0.0 → 2.0.0, p2 1.0.0 → 2.0.0, p3 1.0.0 → 2.0.0, p4 1.0.0 → 2.0.0 and 2 more',
    );
    expect(
      updateSummary([
        { name: 'a', from: '1.0.0', to: '1.1.0' },
        { name: 'b', from: null, to: '2.0.0' },
      ]),
    ).toBe('updated 2 dependencies: a 1.0.0 → 1.1.0, b (new) → 2.0.0');
  });
});
