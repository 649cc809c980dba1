import pc from 'picocolors';
import { UserError } from '../../errors.ts';
import { localActor } from '../../identity/actor.ts';
import { checkedName, SecretAdmin, scopeWords } from '../../identity/secret-admin.ts';
import { withSession } from '../../session/session.ts';
import { err, out, printJson } from '../output.ts';

/**
 * `arcflow secret set|list|delete`: the workspace's secrets, written straight to its
 * database on this machine, as the local person (client `cli-local` in the audit trail).
 */

export interface SecretOptions {
  workspace?: string;
  workflow?: string;
  json?: boolean;
}

const cliActor = () => localActor({ client: 'cli-local' });

/** `arcflow secret set NAME`: the value from stdin, or typed unseen at a terminal. */
export async function secretSetCommand(name: string, options: SecretOptions): Promise<number> {
  checkedName(name); // before asking for a value that could not be stored
  const value = process.stdin.isTTY ? await promptHidden(`value of ${name}: `) : await readStdin();
  if (value === '') {
    throw new UserError(
      `the value of ${name} is empty; pipe it in (printf %s "$VALUE" | arcflow secret set ${name}) or type it when asked`,
    );
  }
  return withSession(options.workspace, 'secret set', async (session) => {
    const set = await new SecretAdmin(session).set(cliActor(), {
      name,
      value,
      workflow: options.workflow ?? null,
    });
    out(`${pc.green('✓')} secret ${set.name} set ${scopeWords(set.workflow)}`);
    return 0;
  });
}

/** `arcflow secret list`: names, scope, when and by whom; never values. */
export async function secretListCommand(options: SecretOptions): Promise<number> {
  return withSession(options.workspace, 'secret list', async (session) => {
    const secrets = await new SecretAdmin(session).list({ workflow: options.workflow ?? null });
    if (options.json) {
      printJson(secrets.map((s) => ({ ...s, updatedAt: s.updatedAt.toISOString() })));
      return 0;
    }
    if (secrets.length === 0) {
      const where = options.workflow ? `workflow ${options.workflow}` : 'this workspace';
      out(`No secrets for ${where} yet. Set one with: arcflow secret set NAME`);
      return 0;
    }
    const width = Math.max(...secrets.map((s) => s.name.length));
    const scopes = secrets.map((s) => (s.workflow ? `workflow ${s.workflow}` : 'workspace'));
    const scopeWidth = Math.max(...scopes.map((s) => s.length));
    secrets.forEach((secret, i) => {
      const by = secret.updatedBy ? ` by ${secret.updatedBy}` : '';
      out(
        `${secret.name.padEnd(width)}  ${pc.dim((scopes[i] as string).padEnd(scopeWidth))}  ${pc.dim(`updated ${secret.updatedAt.toISOString()}${by}`)}`,
      );
    });
    return 0;
  });
}

export async function secretDeleteCommand(name: string, options: SecretOptions): Promise<number> {
  return withSession(options.workspace, 'secret delete', async (session) => {
    const workflow = options.workflow ?? null;
    await new SecretAdmin(session).delete(cliActor(), { name, workflow });
    out(`${pc.green('✓')} secret ${name} deleted ${scopeWords(workflow)}`);
    return 0;
  });
}

/** Everything piped in, less the one line end `echo` adds. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads one line from the terminal without showing it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  let value = '';
  return new Promise((resolve, reject) => {
    const done = (finish: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      err();
      finish();
    };
    const onData = (text: string) => {
      for (const char of text) {
        if (char === '\r' || char === '\n' || char === '\u0004') return done(() => resolve(value));
        if (char === '\u0003')
          return done(() => reject(new UserError('canceled; nothing was set', 130)));
        if (char === '\u007f' || char === '\b') value = Array.from(value).slice(0, -1).join('');
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}
