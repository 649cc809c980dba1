import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

/** Who is deciding: `--as`, else git's user.name, else the login name. */
export function currentPerson(explicit: string | undefined): string {
  if (explicit?.trim()) return explicit.trim();
  try {
    const name = execFileSync('git', ['config', 'user.name'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (name) return name;
  } catch {
    // no git, or no name configured
  }
  return userInfo().username;
}
