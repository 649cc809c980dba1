/**
 * Why a package manager failed, from its output: the lines that explain the cause (for npm's
 * ERESOLVE the "While resolving" / "Found" / "Could not resolve dependency" lines), not the
 * last lines, which are mostly "A complete log of this run can be found in …".
 *
 * Fed ANSI-free output (see `stripAnsi`). Recognises npm, pnpm, yarn (classic and berry), pip,
 * and the PubGrub resolvers of uv and poetry ("Because … depends on …").
 */

export interface InstallFailure {
  /** Who failed and how: `npm could not resolve the dependency tree (ERESOLVE)`. */
  headline: string;
  /** The output lines that explain it, without the tool's prefix (`npm error`, `ERROR:`). */
  lines: string[];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g;

/** The text without terminal colour and cursor codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** The summary for a tension point: `headline: line; line`. */
export function describeInstallFailure(failure: InstallFailure): string {
  return failure.lines.length === 0
    ? failure.headline
    : `${failure.headline}: ${failure.lines.join('; ')}`;
}

/** The cause of a package manager's failure, or undefined when the output is not one. */
export function installFailure(output: string): InstallFailure | undefined {
  const lines = stripAnsi(output).split('\n');
  return (
    npmFailure(lines) ??
    pnpmFailure(lines) ??
    pipFailure(lines) ??
    pubgrubFailure(lines) ??
    yarnFailure(lines)
  );
}

/** Lines that only point elsewhere. */
const NOISE = /^(A complete log of this run|For a full report see|\/\S+\.(txt|log)$)/;

function npmFailure(lines: readonly string[]): InstallFailure | undefined {
  const body = lines
    .map((line) => /^npm (?:error|ERR!)\s?(.*)$/.exec(line)?.[1])
    .filter((line): line is string => line !== undefined)
    .map((line) => line.trim());
  // `code 2` after a failed script is its exit code: the script's own output says why.
  const code = body.map((line) => /^code (E[A-Z0-9_]+)$/.exec(line)?.[1]).find(Boolean);
  if (code === undefined || code === 'ELIFECYCLE') return undefined;
  const said = body.filter((line) => line !== '' && !line.startsWith('code ') && !NOISE.test(line));

  if (code === 'ERESOLVE') {
    const cause: string[] = [];
    body.forEach((line, i) => {
      if (/^(While resolving|Found|Conflicting peer dependency):/.test(line)) cause.push(line);
      else if (/^Could not resolve dependency:$/.test(line))
        cause.push(`${line} ${body[i + 1] ?? ''}`.trim());
      else if (/^Could not resolve dependency:/.test(line)) cause.push(line);
    });
    return { headline: 'npm could not resolve the dependency tree (ERESOLVE)', lines: cause };
  }
  if (code === 'ETARGET') {
    const cause = said.filter((l) => l.startsWith('notarget No matching version')).slice(0, 1);
    return {
      headline: 'npm found no version that matches (ETARGET)',
      lines: cause.map((l) => l.replace(/^notarget /, '')),
    };
  }
  if (code === 'E404') {
    const cause = said
      .map((line) => line.replace(/^404\s*/, ''))
      .filter((line) => /could not be found|Not Found/.test(line))
      .slice(-1);
    return { headline: 'npm could not find a package in the registry (E404)', lines: cause };
  }
  // Lines under the code's own prefix (`enoent Could not read package.json: …`) say why; the
  // `syscall open` / `path …` / `errno -2` lines only locate it.
  const prefix = `${code.toLowerCase()} `;
  const own = said.filter((line) => line.startsWith(prefix)).map((l) => l.slice(prefix.length));
  const plain = said.filter(
    (line) => !/^(syscall|path|errno|command|cwd|workspace|location) /.test(line),
  );
  return { headline: `npm failed (${code})`, lines: (own.length > 0 ? own : plain).slice(0, 1) };
}

function pnpmFailure(lines: readonly string[]): InstallFailure | undefined {
  const at = lines.findIndex((line) => /\bERR_PNPM_[A-Z0-9_]+\b/.test(line));
  if (at < 0) return undefined;
  const first = lines[at] as string;
  const code = /\b(ERR_PNPM_[A-Z0-9_]+)\b/.exec(first)?.[1] as string;
  const message = first
    .slice(first.indexOf(code) + code.length)
    .replace(/^[\s\u2009:]+/, '')
    .trim();
  const rest = lines.slice(at + 1).map((line) => line.trim());
  const cause: string[] = message === '' ? [] : [message];
  if (code === 'ERR_PNPM_PEER_DEP_ISSUES') {
    // `└─┬ react-dom 18.3.1` then `└── ✕ unmet peer react@^18.3.1: found 17.0.2`
    let owner = '';
    for (const line of rest) {
      const parent = /^[└├│─┬\s]*┬\s+(.+)$/.exec(line)?.[1];
      if (parent) owner = parent;
      const unmet = /✕\s*(.+)$/.exec(line)?.[1];
      if (unmet) cause.push(owner ? `${owner}: ${unmet}` : unmet);
    }
  } else {
    // pnpm lists the specifics as `* …` lines (an outdated lockfile's changes, …).
    cause.push(...rest.filter((line) => line.startsWith('* ')).map((line) => line.slice(2)));
  }
  return { headline: `pnpm failed (${code})`, lines: cause.slice(0, 4) };
}

function pipFailure(lines: readonly string[]): InstallFailure | undefined {
  const errors = lines
    .map((line) => /^ERROR: (.*)$/.exec(line)?.[1]?.trim())
    .filter((line): line is string => line !== undefined);
  if (errors.some((line) => line.startsWith('ResolutionImpossible'))) {
    const at = lines.findIndex((line) => line.trim() === 'The conflict is caused by:');
    const cause: string[] = [];
    for (const line of at < 0 ? [] : lines.slice(at + 1)) {
      if (line.trim() === '' || !/^\s/.test(line)) break;
      cause.push(line.trim());
    }
    if (cause.length === 0) {
      const cannot = errors.find((line) => line.startsWith('Cannot install'));
      if (cannot) cause.push(cannot);
    }
    return {
      headline: 'pip could not resolve the dependencies (ResolutionImpossible)',
      lines: cause,
    };
  }
  const noVersion = errors.find((line) => line.startsWith('Could not find a version'));
  if (noVersion) return { headline: 'pip found no version that matches', lines: [noVersion] };
  return undefined;
}

/** uv and poetry explain a conflict as PubGrub does: `Because a depends on b>=2 and …`. */
function pubgrubFailure(lines: readonly string[]): InstallFailure | undefined {
  const uv = lines.findIndex((line) => /No solution found when resolving/.test(line));
  const poetry = lines.findIndex((line) => /SolverProblemError|version solving failed/.test(line));
  if (uv < 0 && poetry < 0) return undefined;
  const start = lines.findIndex((line) => /^\s*(╰─▶\s*)?Because\b/.test(line));
  if (start < 0) return undefined;
  const sentence: string[] = [];
  for (const line of lines.slice(start)) {
    const text = line.replace(/^\s*(╰─▶|\|)?\s*/, '').trim();
    if (text === '' || /^(hint|help):/.test(text)) break;
    sentence.push(text);
    if (/version solving failed\.?$|requirements are unsatisfiable\.?$/.test(text)) break;
  }
  const tool = uv >= 0 ? 'uv' : 'poetry';
  return { headline: `${tool} could not resolve the dependencies`, lines: [sentence.join(' ')] };
}

function yarnFailure(lines: readonly string[]): InstallFailure | undefined {
  // Only in yarn's own output (`yarn install v1.22.22`, `➤ YN0000: …`), not in any `error …` line.
  if (!lines.some((line) => /^yarn \w+ v\d|\bYN\d{4}:/.test(line))) return undefined;
  // Berry: `➤ YN0001: │ Error: react@npm:99.0.0: No candidates found`; YN0000 is progress.
  const berry = lines
    .map((line) => /\bYN0(?!000)\d{3}:\s*(?:│\s*)?(.*)$/.exec(line)?.[1]?.trim())
    .filter((line): line is string => line !== undefined && line !== '');
  if (berry.length > 0) return { headline: 'yarn failed', lines: berry.slice(0, 3) };
  // Classic: `error Couldn't find any versions for "react" that matches "99.0.0"`.
  const classic = lines
    .map((line) => /^error (.*)$/.exec(line)?.[1]?.trim())
    .filter((line): line is string => line !== undefined && !line.startsWith('Command failed'));
  if (classic.length > 0) return { headline: 'yarn failed', lines: classic.slice(0, 3) };
  return undefined;
}
