import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

/**
 * The person using this machine: git's `user.name`, else the login name. Who saves a
 * revision or decides in the CLI until signed-in users exist.
 */
export function localPerson(): string {
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
