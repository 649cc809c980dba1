/**
 * Who may do what, lowest first: each role may do everything the roles before it may.
 * `viewer` reads runs, logs and workflows; `operator` starts, resumes, retries and cancels
 * runs; `approver` decides ceremony steps; `admin` edits workflows, users, tokens, secrets.
 */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const rank = (role: Role): number => ROLES.indexOf(role);

/** Whether someone with the role `have` may do what needs the role `need`. */
export const roleAtLeast = (have: Role, need: Role): boolean => rank(have) >= rank(need);

/** Whether `x` names a role (for input from files, flags and the database). */
export const isRole = (x: unknown): x is Role =>
  typeof x === 'string' && (ROLES as readonly string[]).includes(x);
