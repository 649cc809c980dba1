/**
 * The roles, lowest first, as the engine orders them (`packages/engine/src/identity/roles.ts`;
 * the web imports only types from the runner, so the list is repeated here). The UI only
 * hides what a role may not do: the runner refuses it either way.
 */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const roleAtLeast = (have: Role, need: Role): boolean =>
  ROLES.indexOf(have) >= ROLES.indexOf(need);

/** What the UI offers, and the least role that may do it (the runner's procedure roles). */
export const ABILITIES = {
  /** Run, resume, retry, rerun, cancel; a DAG node's re-telling menu. */
  operate: 'operator',
  /** Approve or reject a ceremony step. */
  decide: 'approver',
  /** Save, restore, new workflow, customise a template. */
  edit: 'admin',
  /** The admin pages: users, tokens, audit, secrets. */
  administer: 'admin',
} as const satisfies Record<string, Role>;
export type Ability = keyof typeof ABILITIES;

/** Whether someone with `role` may do `ability`; nobody signed in may do nothing. */
export function can(role: Role | null | undefined, ability: Ability): boolean {
  return role ? roleAtLeast(role, ABILITIES[ability]) : false;
}

/** The short muted note shown where a hidden action would be, e.g. "viewer: read-only". */
export function readOnlyHint(role: Role | null | undefined, ability: Ability): string | null {
  if (!role || can(role, ability)) return null;
  switch (ability) {
    case 'operate':
      return `${role}: read-only`;
    case 'decide':
      return `${role}: an approver decides`;
    case 'edit':
      return `${role}: only an admin edits`;
    case 'administer':
      return `${role}: admins only`;
  }
}
