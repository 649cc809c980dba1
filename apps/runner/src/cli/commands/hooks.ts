import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { readEnv } from '../../env.ts';
import { UserError } from '../../errors.ts';
import { pushesOfHook } from '../../triggers/git-push.ts';
import {
  GIT_HOOK_NAMES,
  type GitHookName,
  isGitHookName,
  withHookBlock,
  withoutHookBlock,
} from '../../triggers/hook-script.ts';
import type { HookAnswerBody } from '../../triggers/intake-answer.ts';
import { loadLocalWebhookSecret } from '../../triggers/local-secret.ts';
import { signBody } from '../../triggers/signature.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { err, out } from '../output.ts';

export const DEFAULT_RUNNER_URL = 'http://127.0.0.1:4100';
/** A git command waits at most this long for the runner: a hook must never hold it up. */
const DELIVER_TIMEOUT_MS = 4_000;

interface HooksOptions {
  workspace?: string;
}

/**
 * `arcflow hooks install`: `post-commit`, `post-merge` and `pre-push` hooks in the workspace's
 * git repository (wherever `core.hooksPath` or a worktree puts them) that tell the runner.
 */
export async function hooksInstallCommand(options: HooksOptions): Promise<number> {
  const workspaceDir = resolveWorkspace(options.workspace);
  const dir = hooksDir(workspaceDir);
  mkdirSync(dir, { recursive: true });
  const call = { cli: [process.execPath, cliEntry()], workspaceDir };
  const existing = new Map(
    GIT_HOOK_NAMES.map((hook) => {
      const file = join(dir, hook);
      return [hook, existsSync(file) ? readFileSync(file, 'utf8') : undefined] as const;
    }),
  );
  // Checked before any hook is written: a refusal leaves every hook as it was.
  for (const [hook, text] of existing) refuseNonShellHook(join(dir, hook), hook, text);
  for (const hook of GIT_HOOK_NAMES) {
    const file = join(dir, hook);
    writeFileSync(file, withHookBlock(existing.get(hook), hook, call));
    if (existing.get(hook) === undefined) chmodSync(file, 0o755);
  }
  out(`arcflow: installed ${GIT_HOOK_NAMES.join(', ')} in ${dir}`);
  out(
    `Commits, merges and pushes now reach the runner at ${runnerUrl()} (start it with \`arcflow serve\`); workflows with on.push start.`,
  );
  return 0;
}

const SHELL_SHEBANG = /^#!\s*(?:\S*\/)?(?:env\s+)?(?:\S*\/)?(?:sh|bash|dash|zsh)(?:\s|$)/;

/** Shell lines appended to a Python or Node hook would break it, and with it git. */
function refuseNonShellHook(file: string, hook: GitHookName, text: string | undefined): void {
  const first = text?.split('\n', 1)[0] ?? '';
  if (!first.startsWith('#!') || SHELL_SHEBANG.test(first)) return;
  throw new UserError(
    `${file} is not a shell script (${first.trim()}), so arcflow cannot add its lines to it; ` +
      `run \`arcflow hooks deliver ${hook}\` from it yourself${hook === 'pre-push' ? ", passing git's stdin on" : ''}, then install again without it`,
  );
}

/** `arcflow hooks uninstall`: takes exactly the arcflow block out of each hook. */
export async function hooksUninstallCommand(options: HooksOptions): Promise<number> {
  const dir = hooksDir(resolveWorkspace(options.workspace));
  const removed: string[] = [];
  for (const hook of GIT_HOOK_NAMES) {
    const file = join(dir, hook);
    if (!existsSync(file)) continue;
    const left = withoutHookBlock(readFileSync(file, 'utf8'));
    if (left === undefined) continue;
    if (left === null) rmSync(file);
    else writeFileSync(file, left);
    removed.push(hook);
  }
  out(
    removed.length > 0
      ? `arcflow: removed the arcflow block from ${removed.join(', ')} in ${dir}`
      : `arcflow: no arcflow hooks in ${dir}`,
  );
  return 0;
}

/**
 * `arcflow hooks deliver <hook>`, what the installed hooks run: tells the runner what was
 * committed, merged or pushed, signed with the local webhook secret, and prints one line.
 * Whatever happens it exits 0 within a few seconds: git must never wait on it or fail.
 */
export async function hooksDeliverCommand(hook: string, options: HooksOptions): Promise<number> {
  const giveUp = setTimeout(() => {
    err(
      `arcflow: the runner did not answer within ${DELIVER_TIMEOUT_MS / 1000} s; nothing started`,
    );
    process.exit(0);
  }, DELIVER_TIMEOUT_MS + 1_000);
  giveUp.unref();
  try {
    if (!isGitHookName(hook)) {
      err(`arcflow: unknown hook ${hook}; expected ${GIT_HOOK_NAMES.join(', ')}`);
      return 0;
    }
    await deliver(hook, options);
  } catch (error) {
    err(`arcflow: could not tell the runner: ${(error as Error).message}`);
  } finally {
    clearTimeout(giveUp);
  }
  return 0;
}

async function deliver(hook: GitHookName, options: HooksOptions): Promise<void> {
  const env = readEnv();
  const workspaceDir = resolveWorkspace(options.workspace);
  const url = runnerUrl(env.ARCFLOW_URL);
  // A rebase or cherry-pick commits once per replayed commit: none of those is news.
  if (hook !== 'pre-push' && replaying(workspaceDir)) {
    err('arcflow: a rebase or cherry-pick is in progress; nothing delivered');
    return;
  }
  const stdin = hook === 'pre-push' && !process.stdin.isTTY ? await readStdin() : '';
  const pushes = pushesOfHook(workspaceDir, hook, stdin);
  if (pushes.length === 0) {
    err('arcflow: HEAD is not on a branch; nothing to deliver');
    return;
  }
  const secret = await loadLocalWebhookSecret({
    workspaceDir,
    fromEnv: env.ARCFLOW_WEBHOOK_SECRET,
    create: true,
  });
  if (!secret) throw new Error('no webhook secret');
  for (const push of pushes) {
    const body = JSON.stringify(push.body);
    let res: Response;
    try {
      res = await fetch(`${url}/hooks/git`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-arcflow-delivery': push.deliveryId,
          'x-arcflow-signature-256': signBody(secret.value, body),
        },
        body,
        signal: AbortSignal.timeout(DELIVER_TIMEOUT_MS),
      });
    } catch {
      err(`arcflow: no runner at ${url}; start it with arcflow serve`);
      return;
    }
    err(
      `arcflow: ${answerLine(res.status, (await res.json().catch(() => undefined)) as Partial<HookAnswerBody> | undefined)}`,
    );
  }
}

/** `started run r1 of build`, or why nothing started, in one line. */
function answerLine(status: number, answer: Partial<HookAnswerBody> | undefined): string {
  const reason = answer?.reason ?? '';
  if (status !== 200)
    return `the runner refused the delivery (${status}): ${reason || 'no reason given'}`;
  if (reason === 'already delivered') return 'already delivered; nothing new started';
  const started = answer?.started ?? [];
  if (started.length > 0) {
    return started.map((s) => `started run ${s.run} of ${s.workflow}`).join('; ');
  }
  const short = reason.length > 300 ? `${reason.slice(0, 297)}…` : reason;
  return `nothing started: ${short}`;
}

function runnerUrl(fromEnv?: string): string {
  const url = fromEnv ?? DEFAULT_RUNNER_URL;
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    throw new UserError(`ARCFLOW_URL is not a URL: ${url} (e.g. ${DEFAULT_RUNNER_URL})`);
  }
}

/** The hooks directory git uses for this workspace (`core.hooksPath`, worktrees included). */
function hooksDir(workspaceDir: string): string {
  let path: string;
  try {
    path = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-path', 'hooks'], {
      cwd: workspaceDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch {
    throw new UserError(
      `${workspaceDir} is not in a git repository (git rev-parse failed); run git init there first`,
    );
  }
  return isAbsolute(path) ? path : resolve(workspaceDir, path);
}

function replaying(workspaceDir: string): boolean {
  return ['rebase-merge', 'rebase-apply', 'CHERRY_PICK_HEAD', 'sequencer'].some((name) => {
    try {
      const path = execFileSync(
        'git',
        ['rev-parse', '--path-format=absolute', '--git-path', name],
        {
          cwd: workspaceDir,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      ).trim();
      return existsSync(path);
    } catch {
      return false;
    }
  });
}

/** The CLI's own entry, so the hook runs this arcflow whatever PATH holds. */
function cliEntry(): string {
  const entry = process.argv[1];
  if (!entry) throw new UserError('cannot tell where the arcflow CLI is installed');
  return resolve(entry);
}

function readStdin(): Promise<string> {
  return new Promise((resolveText) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
      text += chunk;
    });
    process.stdin.on('end', () => resolveText(text));
    process.stdin.on('error', () => resolveText(text));
  });
}
