import { describe, expect, it } from 'vitest';
import { can, readOnlyHint, roleAtLeast } from './roles';

describe('role gating', () => {
  it('orders the roles viewer < operator < approver < admin', () => {
    expect(roleAtLeast('admin', 'viewer')).toBe(true);
    expect(roleAtLeast('approver', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'approver')).toBe(false);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
  });

  it('lets a viewer only look', () => {
    expect(can('viewer', 'operate')).toBe(false);
    expect(can('viewer', 'decide')).toBe(false);
    expect(can('viewer', 'edit')).toBe(false);
    expect(readOnlyHint('viewer', 'operate')).toBe('viewer: read-only');
  });

  it('lets an operator run but not decide or edit', () => {
    expect(can('operator', 'operate')).toBe(true);
    expect(can('operator', 'decide')).toBe(false);
    expect(can('operator', 'edit')).toBe(false);
    expect(readOnlyHint('operator', 'decide')).toBe('operator: an approver decides');
  });

  it('lets an approver decide, and only an admin edit and administer', () => {
    expect(can('approver', 'decide')).toBe(true);
    expect(can('approver', 'edit')).toBe(false);
    expect(can('approver', 'administer')).toBe(false);
    expect(can('admin', 'edit')).toBe(true);
    expect(can('admin', 'administer')).toBe(true);
    expect(readOnlyHint('admin', 'edit')).toBeNull();
  });

  it('lets nobody who is not signed in do anything, without a hint', () => {
    expect(can(null, 'operate')).toBe(false);
    expect(can(undefined, 'decide')).toBe(false);
    expect(readOnlyHint(null, 'operate')).toBeNull();
  });
});
