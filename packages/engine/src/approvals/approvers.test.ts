import { describe, expect, it } from 'vitest';
import { approverEntryProblem, describeApprovers } from './approvers.ts';

describe('approvers entries', () => {
  it('accepts usernames and the roles that may decide', () => {
    for (const entry of ['alice', 'a.b_c-d', 'role:approver', 'role:admin']) {
      expect(approverEntryProblem(entry)).toBeUndefined();
    }
  });

  it('names the roles that may decide when a role is unknown or cannot decide', () => {
    expect(approverEntryProblem('role:boss')).toBe(
      'unknown role "boss"; roles that may decide: role:approver, role:admin',
    );
    expect(approverEntryProblem('role:viewer')).toMatch(/the viewer role cannot decide/);
  });

  it('refuses what is not a username', () => {
    expect(approverEntryProblem('Alice Doe')).toMatch(/"Alice Doe" is not a username/);
    expect(approverEntryProblem('alice@example.com')).toMatch(/is not a username/);
  });

  it('describes the list in words', () => {
    expect(describeApprovers(['alice'])).toBe('alice');
    expect(describeApprovers(['alice', 'Bob', 'role:approver'])).toBe(
      'alice, bob or someone with the approver role',
    );
  });
});
