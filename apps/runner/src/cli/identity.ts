import { localPerson } from '../service/local-person.ts';

/** Who is deciding: `--as`, else git's user.name, else the login name. */
export function currentPerson(explicit: string | undefined): string {
  if (explicit?.trim()) return explicit.trim();
  return localPerson();
}
