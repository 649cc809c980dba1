import { mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PATH } from '../testing/env.ts';
import { type ProcessContext, runProcess, runScript } from './run-process.ts';
import { bashExecEnv, findProgram, plainCommand } from './simple-command.ts';

describe('plainCommand', () => {
  it('takes one plain command apart into its argv', () => {
    expect(plainCommand('true')).toEqual(['true']);
    expect(plainCommand('  make build -j4 CC=gcc-12 \n')).toEqual([
      'make',
      'build',
      '-j4',
      'CC=gcc-12',
    ]);
    expect(plainCommand('./scripts/build.sh --out=dist/app,v1.2+3 @x %y')).toEqual([
      './scripts/build.sh',
      '--out=dist/app,v1.2+3',
      '@x',
      '%y',
    ]);
    expect(plainCommand('npm test', 'sh')).toEqual(['npm', 'test']);
  });

  it('leaves to the shell what the shell would interpret', () => {
    for (const script of [
      'make && make test',
      'make || true',
      'make; make test',
      'make | tee log',
      'make > log',
      'make < in',
      'make 2>&1',
      'make &',
      'echo $HOME',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's syntax, on purpose
      'echo ${HOME}',
      'cat "a b"',
      "cat 'a b'",
      'cat a\\ b',
      'ls *.ts',
      'ls file?.ts',
      'ls [ab].ts',
      'ls {a,b}.ts',
      'ls ~/x',
      'make # build',
      'make\nmake test',
      'FOO=1 make',
      'echo hi',
      'cd dir',
      'pwd',
      'test -f x',
      'exit 1',
      'kill 1',
      'if',
      '$(make)',
      '`make`',
      'ls caf\u00e9',
      '',
    ]) {
      expect(plainCommand(script), script).toBeUndefined();
    }
  });

  it('only for bash and sh', () => {
    expect(plainCommand('true', 'zsh')).toBeUndefined();
    expect(plainCommand('true', 'bash')).toEqual(['true']);
  });
});

describe('running a plain command directly', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'arcflow-plain-')));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const context = (env: Record<string, string> = { PATH: TEST_PATH }) => {
    const lines: string[] = [];
    const ctx: ProcessContext = {
      workspaceDir: dir,
      env,
      signal: new AbortController().signal,
      log: (stream, text) => lines.push(`${stream}: ${text}`),
    };
    return { ctx, lines };
  };

  const failureMessage = (promise: Promise<unknown>) =>
    promise.then(
      () => 'succeeded',
      (error: { failure?: { message: string; exitCode?: number } }) =>
        `${error.failure?.message} (${error.failure?.exitCode})`,
    );

  it('gives the program the environment bash would', async () => {
    const envs: Array<Record<string, string>> = [
      { PATH: TEST_PATH, GREETING: 'hi' },
      { PATH: TEST_PATH, SHLVL: '4', PWD: dir },
    ];
    for (const env of envs) {
      const direct = context(env);
      await runScript(direct.ctx, 'env');
      const bash = context(env);
      await runProcess(bash.ctx, { command: 'bash', args: ['-c', 'env'] });
      expect(direct.lines.sort()).toEqual(bash.lines.sort());
    }
  });

  it('keeps PWD when it names the workspace through a link, as bash does', async () => {
    const link = join(dir, 'link');
    await symlink(dir, link);
    const direct = context({ PATH: TEST_PATH, PWD: link });
    direct.ctx.workspaceDir = link;
    await runScript(direct.ctx, 'env');
    expect(direct.lines).toContain(`stdout: PWD=${link}`);
  });

  it('fails with the exit code and message of the bash path', async () => {
    expect(await failureMessage(runScript(context().ctx, 'false'))).toBe(
      'bash exited with code 1 (1)',
    );
    const missing = context();
    expect(await failureMessage(runScript(missing.ctx, 'arcflow-no-such-command --x'))).toBe(
      'bash exited with code 127 (127)',
    );
    expect(missing.lines.join('\n')).toMatch(/arcflow-no-such-command: command not found/);
  });

  it('still runs scripts with operators, variables, redirections and quotes through bash', async () => {
    const { ctx, lines } = context({ PATH: TEST_PATH, WHO: 'arc' });
    await runScript(ctx, '/bin/echo one && /bin/echo "two  spaced" $WHO > out.txt; cat out.txt');
    expect(lines).toEqual(['stdout: one', 'stdout: two  spaced arc']);
  });

  it('finds programs on a relative PATH entry and by a relative path, like bash', async () => {
    expect(await findProgram('true', TEST_PATH, dir)).toMatch(/\/true$/);
    expect(await findProgram('arcflow-no-such-command', TEST_PATH, dir)).toBeUndefined();
    expect(await findProgram('./nothing-here', TEST_PATH, dir)).toBeUndefined();
  });
  it('leaves to bash what only bash runs the same way: scripts without #!, BASH_ENV, exported functions', async () => {
    // an executable without #! is run by bash as a bash script, not by the kernel
    await writeFile(join(dir, 'build'), '[ -n "$BASH_VERSION" ] && echo "built with bash"\n', {
      mode: 0o755,
    });
    expect(await findProgram('./build', TEST_PATH, dir)).toBeUndefined();
    const script = context();
    await runScript(script.ctx, './build');
    expect(script.lines).toEqual(['stdout: built with bash']);

    await writeFile(join(dir, 'setup.sh'), 'echo from BASH_ENV\n');
    const withBashEnv = context({ PATH: TEST_PATH, BASH_ENV: join(dir, 'setup.sh') });
    await runScript(withBashEnv.ctx, 'true');
    expect(withBashEnv.lines).toEqual(['stdout: from BASH_ENV']);
    expect(await bashExecEnv({ PATH: TEST_PATH, 'BASH_FUNC_f%%': '() { :; }' }, dir, '/x')).toBe(
      undefined,
    );
    // with no PATH bash searches its default one; a stray \r is part of the word for bash
    expect(await findProgram('true', undefined, dir)).toBeUndefined();
    expect(plainCommand('make\r')).toBeUndefined();
  });
});
