import {
  accessSync,
  closeSync,
  constants,
  openSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * The fast path of GNU make, for the shell action: a script that is one plain command (words
 * of ordinary characters, nothing bash would expand, redirect, chain or interpret) is started
 * directly with its argv instead of through `bash -c`. bash itself execs such a script without
 * forking, so the program sees the same argv, cwd, environment (see `bashExecEnv`), exit code
 * and signals; only the shell's own start-up is saved.
 *
 * The file checks are synchronous on purpose: each is a few microseconds on a local disk, where
 * the asynchronous calls cost a thread-pool round trip apiece (over a millisecond per step).
 */

/** Characters that mean nothing to bash inside a word. Anything else sends the script to bash. */
const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/**
 * bash builtins and keywords: they do not behave like the program of the same name, if any
 * (`echo --help`, `pwd -P`, `kill %1`). `true` and `false` are the exception make makes too:
 * /bin/true and /bin/false do exactly what the builtins do.
 */
const SHELL_WORDS = new Set([
  '.',
  ':',
  '[',
  '[[',
  ']]',
  '{',
  '}',
  '!',
  'alias',
  'bg',
  'bind',
  'break',
  'builtin',
  'caller',
  'case',
  'cd',
  'command',
  'compgen',
  'complete',
  'compopt',
  'continue',
  'coproc',
  'declare',
  'dirs',
  'disown',
  'do',
  'done',
  'echo',
  'elif',
  'else',
  'enable',
  'esac',
  'eval',
  'exec',
  'exit',
  'export',
  'fc',
  'fg',
  'fi',
  'for',
  'function',
  'getopts',
  'hash',
  'help',
  'history',
  'if',
  'in',
  'jobs',
  'kill',
  'let',
  'local',
  'logout',
  'mapfile',
  'popd',
  'printf',
  'pushd',
  'pwd',
  'read',
  'readarray',
  'readonly',
  'return',
  'select',
  'set',
  'shift',
  'shopt',
  'source',
  'suspend',
  'test',
  'then',
  'time',
  'times',
  'trap',
  'type',
  'typeset',
  'ulimit',
  'umask',
  'unalias',
  'unset',
  'until',
  'wait',
  'while',
]);

/** Shells whose `-c` treats a plain command as bash does. */
const FAST_SHELLS = new Set(['bash', 'sh', '/bin/bash', '/bin/sh', '/usr/bin/bash']);

/**
 * The argv of `script` when it is one plain command the shell would simply exec; undefined
 * when it needs the shell (metacharacters, quotes, variables, globs, `~`, comments, several
 * lines, a leading `NAME=value`, a builtin or keyword), or when `shell` is not bash or sh.
 */
export function plainCommand(script: string, shell = 'bash'): string[] | undefined {
  if (!FAST_SHELLS.has(shell)) return undefined;
  // only what bash itself takes for blanks: a stray \r is part of the word there
  const words = script.replace(/^[ \t\n]+|[ \t\n]+$/g, '').split(/[ \t]+/);
  const [program] = words;
  if (!program || words.some((word) => !PLAIN_WORD.test(word))) return undefined;
  if (program.includes('=') || SHELL_WORDS.has(program)) return undefined;
  return words;
}

/**
 * Where bash would find `program` on `PATH` (relative entries and a name with a slash taken
 * from `cwd`): the first regular file it may execute, or undefined when there is none — then
 * the caller lets bash run the script, so the "command not found" message and exit code 127
 * are bash's own.
 */
export function findProgram(
  program: string,
  path: string | undefined,
  cwd: string,
): string | undefined {
  // with no PATH bash searches its own default one: let bash do it
  if (path === undefined && !program.includes('/')) return undefined;
  const candidates = program.includes('/')
    ? [isAbsolute(program) ? program : join(cwd, program)]
    : (path ?? '')
        .split(delimiter)
        .map((dir) => join(isAbsolute(dir) ? dir : join(cwd, dir), program));
  for (const candidate of candidates) {
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * An executable file the kernel can start itself: a binary (ELF) or a script with a `#!`
 * line. bash runs an executable script without one as a bash script; so must we, through it.
 */
function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      const bytesRead = readSync(fd, head, 0, 4, 0);
      const read = head.subarray(0, bytesRead);
      return read.subarray(0, 2).toString('latin1') === '#!' || read.equals(ELF_MAGIC);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/**
 * The environment bash hands a command it execs from `bash -c`: `PWD` the working directory
 * (kept as given when it names the same directory), `SHLVL` as it came (0 when unset), `_` the
 * program's path. Undefined when bash would change more than that (it drops an `OLDPWD` that
 * is not a directory, rewrites a malformed `SHLVL`, reads `BASH_ENV`, imports exported
 * functions): those scripts keep going through bash.
 */
export function bashExecEnv(
  env: Record<string, string>,
  cwd: string,
  programPath: string,
): Record<string, string> | undefined {
  if (env.OLDPWD !== undefined) return undefined;
  // bash -c reads BASH_ENV first and imports exported functions: only bash can do that
  if (env.BASH_ENV !== undefined || Object.keys(env).some((key) => key.startsWith('BASH_FUNC_')))
    return undefined;
  if (env.SHLVL !== undefined && !/^[0-9]+$/.test(env.SHLVL)) return undefined;
  const physical = realpathSync(cwd);
  const given = env.PWD && isAbsolute(env.PWD) ? realpathOrEmpty(env.PWD) : '';
  const pwd = given === physical ? (env.PWD as string) : physical;
  return { ...env, PWD: pwd, SHLVL: env.SHLVL ?? '0', _: programPath };
}

function realpathOrEmpty(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return '';
  }
}
