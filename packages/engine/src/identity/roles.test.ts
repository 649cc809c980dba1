import { describe, expect, test } from 'vitest';
import { isRole, ROLES, type Role, roleAtLeast } from './roles.ts';

describe('roles', () => {
  test('are ordered from viewer to admin', () => {
    expect(ROLES).toEqual(['viewer', 'operator', 'approver', 'admin']);
  });

  test.each([
    ['viewer', 'viewer', true],
    ['viewer', 'operator', false],
    ['operator', 'viewer', true],
    ['operator', 'approver', false],
    ['approver', 'operator', true],
    ['approver', 'admin', false],
    ['admin', 'viewer', true],
    ['admin', 'admin', true],
  ] satisfies Array<[Role, Role, boolean]>)('%s may do what needs %s: %s', (have, need, ok) => {
    expect(roleAtLeast(have, need)).toBe(ok);
  });

  test('every role may do what its own role needs and what any lower role needs', () => {
    ROLES.forEach((have, i) => {
      ROLES.forEach((need, j) => {
        expect(roleAtLeast(have, need)).toBe(i >= j);
      });
    });
  });

  test('isRole accepts only the four names', () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const other of ['Admin', 'root', '', 'public', undefined, null, 3, {}])
      expect(isRole(other)).toBe(false);
  });
});
