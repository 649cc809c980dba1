/**
 * The block `arcflow hooks install` puts in a git hook, and taking it out again. A hook that
 * exists is never replaced: the block is added at its end and removed exactly, so the file
 * is byte for byte what it was. The block keeps the hook's exit status (a `pre-push` that
 * refuses still refuses) and never fails it.
 */

export const GIT_HOOK_NAMES = ['post-commit', 'post-merge', 'pre-push'] as const;
export type GitHookName = (typeof GIT_HOOK_NAMES)[number];

const START = '# >>> arcflow >>>';
const END = '# <<< arcflow <<<';
/** What install did besides adding the block, told in its first line so uninstall can undo it. */
const CREATED = ' (file created by arcflow)';
const NEWLINE_ADDED = ' (newline added before)';

export const isGitHookName = (name: string): name is GitHookName =>
  (GIT_HOOK_NAMES as readonly string[]).includes(name);

/** `'it'\''s'`: one word for sh, whatever the text holds. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** How a hook calls arcflow: the CLI (node and its entry) and the workspace to deliver for. */
export interface HookCall {
  cli: readonly string[];
  workspaceDir: string;
}

/** The lines between the markers: run `arcflow hooks deliver <hook>`, keep the exit status. */
function blockBody(hook: GitHookName, call: HookCall): string {
  const line = [
    ...call.cli.map(shellQuote),
    'hooks',
    'deliver',
    hook,
    '--workspace',
    shellQuote(call.workspaceDir),
  ].join(' ');
  // pre-push reads the refs being pushed on stdin; the others get none.
  const stdin = hook === 'pre-push' ? '' : ' </dev/null';
  return [
    '# Added by `arcflow hooks install`; `arcflow hooks uninstall` removes this block.',
    'arcflow_status=$?',
    `${line} "$@"${stdin} || true`,
    '(exit $arcflow_status)',
  ].join('\n');
}

/**
 * The hook's content with the block: a new file (`existing` undefined), the block replaced
 * where it already is, or added at the end.
 */
export function withHookBlock(
  existing: string | undefined,
  hook: GitHookName,
  call: HookCall,
): string {
  const body = blockBody(hook, call);
  if (existing === undefined) return `#!/bin/sh\n${START}${CREATED}\n${body}\n${END}\n`;
  const found = findBlock(existing);
  if (found) {
    return `${existing.slice(0, found.from)}${found.startLine}\n${body}\n${END}\n${existing.slice(found.to)}`;
  }
  if (existing === '' || existing.endsWith('\n')) return `${existing}${START}\n${body}\n${END}\n`;
  return `${existing}\n${START}${NEWLINE_ADDED}\n${body}\n${END}\n`;
}

/**
 * The hook without the block: `undefined` when it has none, `null` when the file was made by
 * install and holds nothing else (delete it), else the content as it was before.
 */
export function withoutHookBlock(content: string): string | null | undefined {
  const found = findBlock(content);
  if (!found) return undefined;
  let before = content.slice(0, found.from);
  const after = content.slice(found.to);
  if (found.startLine.endsWith(NEWLINE_ADDED) && before.endsWith('\n'))
    before = before.slice(0, -1);
  if (found.startLine.endsWith(CREATED) && before === '#!/bin/sh\n' && after === '') return null;
  return `${before}${after}`;
}

/** Where the block is: from the start of its first line to just after its last line's newline. */
function findBlock(content: string): { from: number; to: number; startLine: string } | undefined {
  const from = lineStartOf(content, START);
  if (from === undefined) return undefined;
  const endAt = content.indexOf(`${END}`, from);
  if (endAt === -1 || (endAt > 0 && content[endAt - 1] !== '\n')) return undefined;
  const afterEnd = endAt + END.length;
  const to = content[afterEnd] === '\n' ? afterEnd + 1 : afterEnd;
  const lineEnd = content.indexOf('\n', from);
  return { from, to, startLine: content.slice(from, lineEnd === -1 ? undefined : lineEnd) };
}

function lineStartOf(content: string, marker: string): number | undefined {
  let at = content.indexOf(marker);
  while (at !== -1) {
    if (at === 0 || content[at - 1] === '\n') return at;
    at = content.indexOf(marker, at + 1);
  }
  return undefined;
}
