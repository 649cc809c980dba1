import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CorpusKind, CorpusProject, KINDS } from './corpus/projects.ts';
import { oneBackend } from './helpers/backends.ts';
import { type RunJson, step } from './helpers/run-json.ts';
import { CliSession, toldOf } from './helpers/session.ts';

/**
 * The templates over a corpus of small real projects, one per kind (npm with node:test, pnpm,
 * Python with pytest, Go, vitest), each run through the real CLI and its real test runner.
 * The story a user reads is asserted: which test failed, by the name its runner gives it,
 * the counts, what the build and deploy did or why they had nothing to do.
 *
 * One backend (PostgreSQL when given, else PGlite): these tests are about the templates and
 * the projects, not the storage; the kinds run concurrently to keep the suite quick.
 */
const backend = oneBackend();

async function inProject(
  kind: CorpusKind,
  body: (project: CorpusProject, session: CliSession) => Promise<void>,
  options: { branch?: string } = {},
): Promise<void> {
  const created = await backend.create();
  try {
    const project = CorpusProject.create(kind, created.dir, options.branch);
    await body(
      project,
      new CliSession(created.dir, { ...created.env, ARCFLOW_RETRY_DELAY_MS: '50' }),
    );
  } finally {
    await created.cleanup();
  }
}

/** What the build step did: built with the project's own command, or skipped saying why. */
function expectBuild(run: RunJson, kind: CorpusKind): void {
  const build = step(run, 'build');
  if ('skipped' in kind.build) {
    expect(build.status).toBe('skipped');
    expect(toldOf(run, 'step.skipped', 'build')).toBe(`build is skipped: ${kind.build.skipped}`);
  } else {
    expect(build.status).toBe('succeeded');
    expect(build.outputs).toMatchObject({ command: kind.build.command });
  }
}

/** A step's failure as the story tells it, without the runner's last lines quoted after it. */
const tension = (run: RunJson, stepId: string) =>
  toldOf(run, 'step.failed', stepId)?.split(' — last output: ')[0];

/** The last attempt's failure details of a run-tests step: the counts and failing tests. */
const failureDetails = (run: RunJson, stepId: string) =>
  step(run, stepId).attemptHistory.at(-1)?.failure?.details;

describe.concurrent(`the templates over the project corpus on ${backend.name}`, () => {
  describe.each(KINDS)('a $kind project', (kind) => {
    const passing = { passed: 2, failed: 0, skipped: 0, failing: [], runner: kind.runner };
    const failing = {
      passed: 1,
      failed: 1,
      skipped: 0,
      failing: [kind.failing],
      runner: kind.runner,
    };

    it.skipIf(!kind.available)(
      'refactoring-journey: the reshaped code fails the test it broke, by name; fixed, it is reviewed, merged and still holds',
      () =>
        inProject(kind, async (project, cli) => {
          const { repo } = project;
          repo.git('checkout', '-q', '-b', 'refactor/multiply');
          project.breakMultiply();
          repo.commit('refactor: multiply in one expression');
          repo.git('checkout', '-q', 'main');

          const first = cli.start([
            'run',
            'refactoring-journey',
            '--input',
            'branch=refactor/multiply',
          ]);
          const runId = await cli.runIdOf(first);
          expect((await first.done).code).toBe(1);
          let run = await cli.show(runId);
          expect(step(run, 'baseline-tests').outputs).toEqual({
            ...passing,
            command: kind.testCommand,
          });
          expect(toldOf(run, 'step.succeeded', 'baseline-tests')).toContain(
            '2 passed, 0 failed, 0 skipped',
          );
          expect(step(run, 'same-behaviour').status).toBe('failed');
          expect(tension(run, 'same-behaviour')).toBe(
            `same-behaviour failed: 1 test failed: ${kind.failing}`,
          );
          expect(failureDetails(run, 'same-behaviour')).toMatchObject(failing);
          expectBuild(run, kind);
          for (const id of ['review', 'merge', 'after-merge'])
            expect(step(run, id).status).toBe('skipped');

          repo.git('checkout', '-q', 'refactor/multiply');
          project.fixMultiply();
          repo.commit('fix: multiply multiplies again');
          repo.git('checkout', '-q', 'main');

          const second = cli.start(['resume', runId]);
          await cli.waitsFor(second, 'review');
          await cli.decide('approve', runId, 'review', 'ana');
          await second.waitForOutput(/ana approved/);
          await cli.decide('approve', runId, 'review', 'bo');
          expect((await second.done).code).toBe(0);

          run = await cli.show(runId);
          expect(run.status).toBe('succeeded');
          expect(step(run, 'baseline-tests').attempts).toBe(1);
          expect(step(run, 'same-behaviour').attempts).toBe(2);
          expect(step(run, 'same-behaviour').outputs).toMatchObject(passing);
          expect(step(run, 'after-merge').outputs).toMatchObject(passing);
          expectBuild(run, kind);
          expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
          expect(repo.git('log', '--format=%s', '-1')).toBe('refactor: merge refactor/multiply');
          expect(repo.git('show', `main:${kind.source.path}`)).toBe(
            project.fixture(kind.source.path).trimEnd(),
          );
          expect(repo.git('status', '--porcelain')).toBe('');
        }),
    );

    it.skipIf(!kind.available)(
      'feature-delivery: the failing test is named after its retry; fixed, it is approved, merged, and build and deploy tell what they did',
      () =>
        inProject(kind, async (project, cli) => {
          const { repo } = project;
          repo.git('checkout', '-q', '-b', 'feature/multiply');
          project.breakMultiply();
          repo.commit('feat: multiply without a loop');
          repo.git('checkout', '-q', 'main');

          const first = cli.start([
            'run',
            'feature-delivery',
            '--input',
            'branch=feature/multiply',
          ]);
          const runId = await cli.runIdOf(first);
          expect((await first.done).code).toBe(1);
          let run = await cli.show(runId);
          expect(step(run, 'test').status).toBe('failed');
          expect(step(run, 'test').attempts).toBe(2);
          expect(toldOf(run, 'step.retrying', 'test')).toBe(
            `test failed (1 test failed: ${kind.failing}); retrying in 50ms, attempt 2 of 2`,
          );
          expect(tension(run, 'test')).toBe(`test failed: 1 test failed: ${kind.failing}`);
          expect(failureDetails(run, 'test')).toMatchObject({
            ...failing,
            command: kind.testCommand,
          });
          expectBuild(run, kind);
          for (const id of ['review', 'merge', 'deploy', 'announce'])
            expect(step(run, id).status).toBe('skipped');

          repo.git('checkout', '-q', 'feature/multiply');
          project.fixMultiply();
          repo.commit('fix: multiply multiplies again');
          repo.git('checkout', '-q', 'main');

          const second = cli.start(['resume', runId]);
          await cli.waitsFor(second, 'review');
          await cli.decide('approve', runId, 'review', 'ana');
          expect((await second.done).code).toBe(0);

          run = await cli.show(runId);
          expect(run.status).toBe('succeeded');
          expect(step(run, 'test').outputs).toMatchObject(passing);
          expectBuild(run, kind);
          const deploy = step(run, 'deploy');
          if ('skipped' in kind.deploy) {
            expect(deploy.status).toBe('skipped');
            expect(toldOf(run, 'step.skipped', 'deploy')).toBe(
              `deploy is skipped: ${kind.deploy.skipped}`,
            );
            expect(run.events.some((e) => /deployed to/.test(e.story.text))).toBe(false);
          } else {
            expect(deploy.status).toBe('succeeded');
            expect(deploy.outputs).toMatchObject({
              deployed: true,
              command: kind.deploy.command,
              outcome: 'deployed to staging',
            });
            expect(readFileSync(join(project.dir, 'deployed.txt'), 'utf8')).toBe('staging\n');
          }
          expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
          expect(repo.git('log', '--format=%s', '-1')).toMatch(/Merge branch 'feature\/multiply'/);
          expect(repo.git('show', `main:${kind.source.path}`)).toBe(
            project.fixture(kind.source.path).trimEnd(),
          );
        }),
    );
  });
});

describe.concurrent(`release-ceremony over a project's real history on ${backend.name}`, () => {
  const npm = KINDS.find((k) => k.kind === 'npm')!;
  const BOT = 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>';

  /**
   * v1.0.0 with a conventional-changelog CHANGELOG.md; since then a breaking feature, three
   * Dependabot bumps (package.json) and a merged pull request with a fix.
   */
  const history = (project: CorpusProject): void => {
    const { repo } = project;
    repo.write(
      'CHANGELOG.md',
      '# Changelog\n\nAll notable changes to this project will be documented in this file. See [standard-version](https://github.com/conventional-changelog/standard-version) for commit guidelines.\n\n## [1.0.0](https://github.com/acme/calc/compare/v0.9.0...v1.0.0) (2026-01-05)\n\n\n### Features\n\n* multiply ([0a1b2c3](https://github.com/acme/calc/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567))\n',
    );
    repo.commit('docs: a changelog');
    repo.git('tag', '-a', '-m', 'v1.0.0', 'v1.0.0');

    repo.write(
      'src/calc.js',
      project
        .fixture('src/calc.js')
        .replace('(a, b) => a * b', '(...xs) => xs.reduce((a, b) => a * b, 1)'),
    );
    repo.commit(
      'feat!: multiply takes any number of factors\n\nBREAKING CHANGE: multiply(a, b) is multiply(...factors).',
    );
    const pkg = JSON.parse(project.fixture('package.json'));
    const bump = (name: string, from: string, to: string, scope = 'deps') => {
      pkg.devDependencies = { ...pkg.devDependencies, [name]: `^${to}` };
      repo.write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
      repo.git('add', '-A');
      repo.git(
        'commit',
        '-q',
        '--author',
        BOT,
        '-m',
        `chore(${scope}): bump ${name} from ${from} to ${to}`,
      );
    };
    bump('semver', '7.6.2', '7.6.3');
    repo.git('checkout', '-q', '-b', 'fix/no-factors');
    repo.write(
      'test/empty.test.js',
      "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { multiply } from '../src/calc.js';\n\ntest('the product of no factors is 1', () => assert.equal(multiply(), 1));\n",
    );
    repo.commit('fix: the product of no factors is 1');
    repo.git('checkout', '-q', 'main');
    bump('eslint', '9.1.0', '9.2.0', 'deps-dev');
    repo.git(
      'merge',
      '-q',
      '--no-ff',
      '-m',
      'Merge pull request #12 from acme/fix-no-factors',
      'fix/no-factors',
    );
    bump('typescript', '5.4.4', '5.4.5', 'deps-dev');
  };

  it('a breaking change makes it major; the release commit holds package.json and CHANGELOG.md; bot bumps are one line', () =>
    inProject(npm, async (project, cli) => {
      const { repo } = project;
      history(project);
      const running = cli.start(['run', 'release-ceremony']);
      const runId = await cli.runIdOf(running);
      await cli.waitsFor(running, 'bless');
      await cli.decide('approve', runId, 'bless', 'release-manager');
      expect((await running.done).code).toBe(0);

      const run = await cli.show(runId);
      expect(run.status).toBe('succeeded');
      expect(toldOf(run, 'step.succeeded', 'plan')).toContain(
        'the next version is 2.0.0, from 1.0.0 (major: 1 breaking change, 1 fix since v1.0.0)',
      );
      expect(step(run, 'test').outputs).toMatchObject({ passed: 3, failed: 0, runner: 'node' });
      expect(JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8')).version).toBe(
        '2.0.0',
      );
      expect(repo.git('show', '--stat=200', '--format=%s', 'HEAD')).toBe(
        [
          'chore(release): v2.0.0',
          '',
          ' CHANGELOG.md | 18 ++++++++++++++++++',
          ' package.json |  2 +-',
          ' 2 files changed, 19 insertions(+), 1 deletion(-)',
        ].join('\n'),
      );
      expect(repo.git('tag', '--list')).toBe('v1.0.0\nv2.0.0');
      expect(repo.git('tag', '--list', '--points-at', 'HEAD')).toBe('v2.0.0');
      expect(repo.git('tag', '--list', '--format=%(contents:subject)', 'v2.0.0')).toBe(
        'Release v2.0.0',
      );
      const sha = (subject: string) =>
        repo.git('log', '--format=%H', '-F', `--grep=${subject}`, '-1');
      const link = (subject: string) =>
        `([${sha(subject).slice(0, 7)}](https://github.com/acme/calc/commit/${sha(subject)}))`;
      const today = new Date().toISOString().slice(0, 10);
      const changelog = readFileSync(join(project.dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toBe(
        [
          '# Changelog',
          '',
          'All notable changes to this project will be documented in this file. See [standard-version](https://github.com/conventional-changelog/standard-version) for commit guidelines.',
          '',
          `## [2.0.0](https://github.com/acme/calc/compare/v1.0.0...v2.0.0) (${today})`,
          '',
          '### ⚠ BREAKING CHANGES',
          '',
          `* multiply(a, b) is multiply(...factors). ${link('feat!: multiply')}`,
          '',
          '### Features',
          '',
          `* multiply takes any number of factors ${link('feat!: multiply')}`,
          '',
          '### Bug Fixes',
          '',
          `* the product of no factors is 1 ${link('fix: the product')}`,
          '',
          '### Dependencies',
          '',
          '* 3 dependency updates (typescript, eslint, semver)',
          '',
          '## [1.0.0](https://github.com/acme/calc/compare/v0.9.0...v1.0.0) (2026-01-05)',
          '',
          '',
          '### Features',
          '',
          '* multiply ([0a1b2c3](https://github.com/acme/calc/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567))',
          '',
        ].join('\n'),
      );
      expect(changelog).not.toMatch(/Merge pull request|bump semver/);
      expect(repo.git('status', '--porcelain')).toBe('');
    }));
});

/**
 * A repository whose default branch is `develop`, with no remote (a project started locally):
 * the merge goes into the branch the user ran the workflow from, and no `main` appears.
 */
describe.concurrent(`the templates on a develop-only repository on ${backend.name}`, () => {
  const npm = KINDS.find((k) => k.kind === 'npm')!;
  const onDevelop = (body: (project: CorpusProject, cli: CliSession) => Promise<void>) =>
    inProject(npm, body, { branch: 'develop' });
  const multiplyBranch = (project: CorpusProject, branch: string) => {
    const { repo } = project;
    repo.git('checkout', '-q', '-b', branch);
    repo.write(
      'src/calc.js',
      project.fixture('src/calc.js').replace('(a, b) => a * b', '(a, b) => a * b + 0'),
    );
    repo.commit(`refactor: ${branch}`);
    repo.git('checkout', '-q', 'develop');
  };

  it('refactoring-journey measures and merges into develop', () =>
    onDevelop(async (project, cli) => {
      const { repo } = project;
      multiplyBranch(project, 'refactor/multiply');
      const running = cli.start([
        'run',
        'refactoring-journey',
        '--input',
        'branch=refactor/multiply',
      ]);
      const runId = await cli.runIdOf(running);
      await cli.waitsFor(running, 'review');
      await cli.decide('approve', runId, 'review', 'ana');
      await running.waitForOutput(/ana approved/);
      await cli.decide('approve', runId, 'review', 'bo');
      expect((await running.done).code).toBe(0);

      const run = await cli.show(runId);
      expect(run.status).toBe('succeeded');
      expect(toldOf(run, 'step.succeeded', 'merge')).toContain(
        'merged refactor/multiply into develop',
      );
      expect(repo.git('branch', '--list', '--format=%(refname:short)')).toBe(
        'develop\nrefactor/multiply',
      );
      expect(repo.git('log', '--format=%s', '-1', 'develop')).toBe(
        'refactor: merge refactor/multiply',
      );
    }));

  it('feature-delivery merges into develop, the branch it was run from', () =>
    onDevelop(async (project, cli) => {
      const { repo } = project;
      multiplyBranch(project, 'feature/multiply');
      const running = cli.start(['run', 'feature-delivery', '--input', 'branch=feature/multiply']);
      const runId = await cli.runIdOf(running);
      await cli.waitsFor(running, 'review');
      await cli.decide('approve', runId, 'review', 'ana');
      expect((await running.done).code).toBe(0);

      const run = await cli.show(runId);
      expect(run.status).toBe('succeeded');
      expect(toldOf(run, 'step.succeeded', 'merge')).toContain(
        'merged feature/multiply into develop',
      );
      expect(repo.git('branch', '--list', '--format=%(refname:short)')).toBe(
        'develop\nfeature/multiply',
      );
      expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('develop');
    }));

  it('hotfix-resolution fast-forwards develop and tags the patch there', () =>
    onDevelop(async (project, cli) => {
      const { repo } = project;
      multiplyBranch(project, 'hotfix/multiply');
      const running = cli.start(['run', 'hotfix-resolution', '--input', 'branch=hotfix/multiply']);
      const runId = await cli.runIdOf(running);
      await cli.waitsFor(running, 'approve');
      await cli.decide('approve', runId, 'approve', 'oncall');
      expect((await running.done).code).toBe(0);

      const run = await cli.show(runId);
      expect(run.status).toBe('succeeded');
      expect(toldOf(run, 'step.succeeded', 'merge')).toContain(
        'merged hotfix/multiply into develop (fast-forward',
      );
      expect(repo.git('branch', '--list', '--format=%(refname:short)')).toBe(
        'develop\nhotfix/multiply',
      );
      expect(repo.git('tag', '--list', '--points-at', 'develop')).toBe('v1.0.1');
    }));
});
