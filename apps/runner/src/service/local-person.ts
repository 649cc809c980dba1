import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

/** One value of the user's git configuration, or undefined (no git, or not set). */
function gitConfig(key: string): string | undefined {
  try {
    const value = execFileSync('git', ['config', key], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return value || undefined;
  } catch {
    // no git, or the key is not configured
    return undefined;
  }
}

/**
 * The person using this machine: git's `user.name`, else the login name. Who saves a
 * revision or decides in the CLI until signed-in users exist.
 */
export function localPerson(): string {
  return gitConfig('user.name') ?? userInfo().username;
}

/** The local person's e-mail address: git's `user.email`, if set. */
export function localEmail(): string | undefined {
  return gitConfig('user.email');
}
