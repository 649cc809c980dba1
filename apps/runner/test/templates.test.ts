import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, backends } from './helpers/backends.ts';
import { type BackgroundCli, cli, cliJson } from './helpers/cli.ts';
import { GitProject } from './helpers/git-project.ts';
import { type RunJson, step } from './helpers/run-json.ts';
import { CliSession } from './helpers/session.ts';

const TEMPLATES = [
  'feature-delivery',
  'hotfix-resolution',
  'refactoring-journey',
  'dependency-update',
  'release-ceremony',
  'workspace-packages',
];

describe('the built-in templates', () => {
  it.each(TEMPLATES)('%s is valid', async (name) => {
    const result = await cli(['validate', name], { cwd: process.cwd(), env: {} });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe.each(backends())('templates end to end on $name', (backend: Backend) => {
  let project: GitProject;
  let env: Record<string, string | undefined>;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const created = await backend.create();
    project = GitProject.create(created.dir);
    env = { ...created.env, ARCFLOW_RETRY_DELAY_MS: '50' };
    cleanup = created.cleanup;
  });
  afterEach(() => cleanup());

  const opts = () => ({ cwd: project.dir, env });
  const session = () => new CliSession(project.dir, env);
  const start = (args: string[]) => session().start(args);
  const show = (runId: string) => session().show(runId);
  const runIdOf = (running: BackgroundCli) => session().runIdOf(running);
  const decide: CliSession['decide'] = (...args) => session().decide(...args);
  const waitsFor = (running: BackgroundCli, stepId: string) => session().waitsFor(running, stepId);

  it('feature-delivery: fails on a broken test, resumes after the fix, is approved, merged and deployed', async () => {
    project.git('checkout', '-q', '-b', 'feature/subtract');
    project.writeMath({ broken: true });
    project.commit('feat: subtract (oops)');
    project.git('checkout', '-q', 'main');

    const first = start(['run', 'feature-delivery', '--input', 'branch=feature/subtract']);
    const runId = await runIdOf(first);
    const failed = await first.done;
    expect(failed.code).toBe(1);
    let run = await show(runId);
    expect(step(run, 'test').status).toBe('failed');
    expect(step(run, 'test').attempts).toBe(2); // retries: 1
    expect(step(run, 'build').status).toBe('skipped'); // no build script: nothing to build
    for (const id of ['review', 'merge', 'deploy', 'announce'])
      expect(step(run, id).status).toBe('skipped');
    const tension = run.events.find((e) => e.type === 'step.failed' && e.stepId === 'test');
    expect(tension?.story.text).toMatch(/adds two numbers/);

    project.git('checkout', '-q', 'feature/subtract');
    project.writeMath();
    project.commit('fix: add adds again');
    project.git('checkout', '-q', 'main');

    const resumed = start(['resume', runId]);
    await waitsFor(resumed, 'review');
    await decide('approve', runId, 'review', 'ana', 'lgtm');
    const finished = await resumed.done;
    expect(finished.code).toBe(0);
    run = await show(runId);
    expect(run.status).toBe('succeeded');
    expect(step(run, 'checkout').attempts).toBe(1);
    expect(step(run, 'test').attempts).toBe(3);
    expect(step(run, 'announce').status).toBe('skipped');
    expect(run.events.some((e) => e.story.kind === 'verdict' && e.story.text.includes('ana'))).toBe(
      true,
    );
    expect(
      run.events.find((e) => e.type === 'step.succeeded' && e.stepId === 'review')?.story.text,
    ).toContain('approved by ana: “lgtm”');
    expect(step(run, 'review').approval).toMatchObject({
      approvers: [],
      requiredApprovals: 1,
      fourEyes: true,
      decisions: [{ decision: 'approve', by: 'ana', userId: null, comment: 'lgtm' }],
    });
    expect(run.startedBy).toMatchObject({ userId: null, name: expect.any(String) });
    expect(run.events.at(-1)?.story.kind).toBe('resolution');
    expect(project.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(project.git('log', '--format=%s', '-1')).toMatch(/Merge branch 'feature\/subtract'/);
    expect(project.git('status', '--porcelain')).toBe('');
  });

  it('feature-delivery on a Python project: nothing to build or deploy is told as such, not as a failure', async () => {
    project.git('rm', '-rq', '.');
    project.write('.gitignore', '__pycache__/\n.pytest_cache/\n');
    project.write(
      'pyproject.toml',
      '[project]\nname = "calc"\nversion = "1.0.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\npythonpath = ["."]\n',
    );
    project.write('calc/__init__.py', 'def add(a, b):\n    return a + b\n');
    project.write(
      'tests/test_calc.py',
      'from calc import add\n\n\ndef test_adds_two_numbers():\n    assert add(2, 3) == 5\n',
    );
    project.commit('feat: a Python calculator');
    project.git('checkout', '-q', '-b', 'feature/mul');
    project.write('calc/mul.py', 'def mul(a, b):\n    return a * b\n');
    project.commit('feat: multiply');
    project.git('checkout', '-q', 'main');

    const running = start(['run', 'feature-delivery', '--input', 'branch=feature/mul']);
    const runId = await runIdOf(running);
    await waitsFor(running, 'review');
    await decide('approve', runId, 'review', 'ana');
    expect((await running.done).code).toBe(0);

    const run = await show(runId);
    expect(run.status).toBe('succeeded');
    expect(step(run, 'test').status).toBe('succeeded');
    expect(step(run, 'build').status).toBe('skipped');
    expect(step(run, 'merge').status).toBe('succeeded');
    expect(step(run, 'deploy').status).toBe('skipped');
    const told = (id: string) =>
      run.events.find((e) => e.type === 'step.skipped' && e.stepId === id)?.story;
    expect(told('build')).toEqual({
      kind: 'beat',
      text: 'build is skipped: nothing to build in a Python project (pip): it has no build step, and no build command was given',
    });
    expect(told('deploy')?.text).toBe(
      'deploy is skipped: nothing to deploy to staging in a Python project (pip): it has no deploy step, and no deploy command was given',
    );
    expect(run.events.some((e) => /deployed to/.test(e.story.text))).toBe(false);
    expect(project.git('show', 'main:calc/mul.py')).toContain('def mul');
  });

  it('hotfix-resolution: a quick approval, a fast-forward, a patch version, a tag and a deploy', async () => {
    project.git('checkout', '-q', '-b', 'hotfix/zero');
    project.write('src/zero.js', 'export const zero = 0;\n');
    project.commit('fix: zero exists');
    project.git('checkout', '-q', 'main');

    const running = start([
      'run',
      'hotfix-resolution',
      '--input',
      'branch=hotfix/zero',
      '--input',
      'deploy_command=echo shipped > deployed.txt',
    ]);
    const runId = await runIdOf(running);
    await waitsFor(running, 'approve');
    await decide('approve', runId, 'approve', 'oncall');
    expect((await running.done).code).toBe(0);

    const run = await show(runId);
    expect(run.steps.map((s) => [s.id, s.status])).toEqual([
      ['checkout', 'succeeded'],
      ['verify', 'succeeded'],
      ['approve', 'succeeded'],
      ['merge', 'succeeded'],
      ['bump', 'succeeded'],
      ['commit', 'succeeded'],
      ['tag', 'succeeded'],
      ['deploy', 'succeeded'],
      ['announce', 'skipped'],
    ]);
    expect(JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8')).version).toBe(
      '1.0.1',
    );
    expect(project.git('tag', '--list')).toBe('v1.0.1');
    expect(project.git('log', '--format=%s', '-1')).toBe('chore(release): v1.0.1');
    expect(existsSync(join(project.dir, 'deployed.txt'))).toBe(true);
  });

  it('refactoring-journey: a rejection fails the review; after a resume two people approve', async () => {
    project.git('checkout', '-q', '-b', 'refactor/math');
    project.write(
      'src/math.js',
      'const sum = (...xs) => xs.reduce((a, b) => a + b, 0);\nexport const add = (a, b) => sum(a, b);\n',
    );
    project.commit('refactor: add is a sum');
    project.git('checkout', '-q', 'main');

    const first = start(['run', 'refactoring-journey', '--input', 'branch=refactor/math']);
    const runId = await runIdOf(first);
    await waitsFor(first, 'review');
    await decide('reject', runId, 'review', 'bo', 'name it better');
    expect((await first.done).code).toBe(1);
    let run = await show(runId);
    expect(step(run, 'review').status).toBe('failed');
    expect(
      run.events.find((e) => e.type === 'step.failed' && e.stepId === 'review')?.story.text,
    ).toContain('rejected by bo: “name it better”');

    const second = start(['resume', runId]);
    await waitsFor(second, 'review');
    await decide('approve', runId, 'review', 'ana');
    await second.waitForOutput(/ana approved/);
    await decide('approve', runId, 'review', 'bo', 'better now');
    expect((await second.done).code).toBe(0);
    run = await show(runId);
    expect(run.status).toBe('succeeded');
    expect(step(run, 'baseline-tests').attempts).toBe(1);
    expect(step(run, 'review').attempts).toBe(2);
    expect(step(run, 'after-merge').status).toBe('succeeded');
    expect(project.git('show', 'main:src/math.js')).toContain('sum(a, b)');
  });

  it('dependency-update: with nothing outdated the story ends early, and successfully', async () => {
    const {
      code,
      json: run,
      stderr,
    } = await cliJson<RunJson>(['run', 'dependency-update', '--json'], opts());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(run.status).toBe('succeeded');
    expect(step(run, 'survey').status).toBe('succeeded');
    for (const id of ['update', 'test', 'commit', 'review', 'merge'])
      expect(step(run, id).status).toBe('skipped');
    expect(
      run.events.find((e) => e.type === 'step.skipped' && e.stepId === 'update')?.story.text,
    ).toMatch(/condition/);
    expect(project.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('deps/update');
  });

  /** v1.0.0, a Keep a Changelog file, then a feature, a bot bump, a merged fix. */
  const releaseHistory = () => {
    project.write(
      'CHANGELOG.md',
      '# Changelog\n\nAll notable changes to this project will be documented in this file.\n\n## [Unreleased]\n\n## [1.0.0] - 2026-01-05\n\n### Added\n\n- Adding.\n\n[unreleased]: https://github.com/acme/demo/compare/v1.0.0...HEAD\n[1.0.0]: https://github.com/acme/demo/releases/tag/v1.0.0\n',
    );
    project.commit('docs: a changelog');
    project.git('tag', 'v1.0.0');
    project.write('src/mul.js', 'export const mul = (a, b) => a * b;\n');
    project.commit('feat(math): multiply');
    project.write('.github/dependabot-bumped.txt', 'semver 7.6.3\n');
    project.commit('chore(deps): bump semver from 7.6.2 to 7.6.3');
    project.git('checkout', '-q', '-b', 'fix/strings');
    project.write('src/math.js', 'export const add = (a, b) => Number(a) + Number(b);\n');
    project.commit('fix: add numbers given as strings');
    project.git('checkout', '-q', 'main');
    project.git(
      'merge',
      '-q',
      '--no-ff',
      '-m',
      'Merge pull request #7 from acme/fix-strings',
      'fix/strings',
    );
  };
  const releaseCommits = () => project.git('log', '--format=%s', '--grep=^chore(release)');

  it('release-ceremony: the level comes from the commits; nothing is written before the blessing; then committed, tagged and deployed', async () => {
    releaseHistory();
    const head = project.git('rev-parse', 'HEAD');
    const running = start([
      'run',
      'release-ceremony',
      '--input',
      'deploy_command=echo "$ARCFLOW_ENVIRONMENT" > deployed.txt',
    ]);
    const runId = await runIdOf(running);
    await waitsFor(running, 'bless');
    // Waiting for the blessing: the version is chosen, nothing is written yet.
    expect(project.git('rev-parse', 'HEAD')).toBe(head);
    expect(project.git('status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(project.git('tag', '--list')).toBe('v1.0.0');

    await decide('approve', runId, 'bless', 'release-manager', 'go');
    expect((await running.done).code).toBe(0);

    const run = await show(runId);
    expect(run.status).toBe('succeeded');
    expect(
      run.events.find((e) => e.type === 'step.succeeded' && e.stepId === 'plan')?.story.text,
    ).toContain(
      'the next version is 1.1.0, from 1.0.0 (minor: 1 feature, 1 fix since v1.0.0); package.json not written yet',
    );
    expect(run.steps.map((s) => s.id)).toEqual([
      'test',
      'build',
      'plan',
      'bless',
      'bump',
      'changelog',
      'commit',
      'tag',
      'deploy',
      'announce',
    ]);
    expect(JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8')).version).toBe(
      '1.1.0',
    );
    expect(releaseCommits()).toBe('chore(release): v1.1.0');
    expect(project.git('show', '--stat', '--format=', 'HEAD')).toMatch(
      /CHANGELOG\.md[\s\S]*package\.json/,
    );
    expect(project.git('tag', '--list', '--points-at', 'HEAD')).toBe('v1.1.0');
    const changelog = readFileSync(join(project.dir, 'CHANGELOG.md'), 'utf8');
    const today = new Date().toISOString().slice(0, 10);
    const sha = (subject: string) =>
      project.git('log', '--format=%H', '-F', `--grep=${subject}`).slice(0, 7);
    expect(changelog).toBe(
      [
        '# Changelog',
        '',
        'All notable changes to this project will be documented in this file.',
        '',
        '## [Unreleased]',
        '',
        `## [1.1.0] - ${today}`,
        '',
        '### Added',
        '',
        `- **math:** multiply (${sha('multiply')})`,
        '',
        '### Changed',
        '',
        `- **deps:** bump semver from 7.6.2 to 7.6.3 (${sha('bump semver')})`,
        '',
        '### Fixed',
        '',
        `- add numbers given as strings (${sha('fix: add numbers')})`,
        '',
        '## [1.0.0] - 2026-01-05',
        '',
        '### Added',
        '',
        '- Adding.',
        '',
        '[unreleased]: https://github.com/acme/demo/compare/v1.1.0...HEAD',
        '[1.1.0]: https://github.com/acme/demo/compare/v1.0.0...v1.1.0',
        '[1.0.0]: https://github.com/acme/demo/releases/tag/v1.0.0',
        '',
      ].join('\n'),
    );
    expect(changelog).not.toContain('Merge pull request');
    expect(readFileSync(join(project.dir, 'deployed.txt'), 'utf8').trim()).toBe('production');
    expect(project.git('status', '--porcelain', '--untracked-files=no')).toBe('');
  });

  it('release-ceremony: a rejection leaves no release commit, tag, version or changelog behind', async () => {
    releaseHistory();
    const head = project.git('rev-parse', 'HEAD');
    const changelogBefore = readFileSync(join(project.dir, 'CHANGELOG.md'), 'utf8');
    const running = start(['run', 'release-ceremony', '--input', 'level=major']);
    const runId = await runIdOf(running);
    await waitsFor(running, 'bless');
    await decide('reject', runId, 'bless', 'release-manager', 'not this week');
    expect((await running.done).code).toBe(1);

    const run = await show(runId);
    expect(run.status).toBe('failed');
    expect(
      run.events.find((e) => e.type === 'step.succeeded' && e.stepId === 'plan')?.story.text,
    ).toContain('the next version is 2.0.0, from 1.0.0 (major); package.json not written yet');
    expect(
      run.events.find((e) => e.type === 'step.failed' && e.stepId === 'bless')?.story.text,
    ).toContain('rejected by release-manager: “not this week”');
    for (const id of ['bump', 'changelog', 'commit', 'tag', 'deploy', 'announce'])
      expect(step(run, id).status).toBe('skipped');
    expect(project.git('rev-parse', 'HEAD')).toBe(head);
    expect(releaseCommits()).toBe('');
    expect(project.git('tag', '--list')).toBe('v1.0.0');
    expect(JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8')).version).toBe(
      '1.0.0',
    );
    expect(readFileSync(join(project.dir, 'CHANGELOG.md'), 'utf8')).toBe(changelogBefore);
    expect(project.git('status', '--porcelain', '--untracked-files=no')).toBe('');
  });
});
