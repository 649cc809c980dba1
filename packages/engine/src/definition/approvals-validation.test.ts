import { describe, expect, it } from 'vitest';
import { builtinActionSpecs } from '../actions/builtin.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { parseWorkflow } from './parse.ts';

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const parse = (text: string) =>
  parseWorkflow(text, { file: 'wf.yaml', actions: builtinActionSpecs });
const located = (text: string) =>
  parse(text).diagnostics.map((d: Diagnostic) => `${d.line}:${d.column} ${d.message}`);
const review = (...withLines: string[]) =>
  yaml(
    'name: release',
    'steps:',
    '  - id: review',
    '    action: request-review',
    '    with:',
    ...withLines,
  );

describe('request-review: approvers and required_approvals', () => {
  it('reads approvers and required_approvals, and four_eyes: false', () => {
    const result = parse(
      `four_eyes: false\n${review('      approvers: [alice, role:approver]', '      required_approvals: 2')}`,
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.definition?.fourEyes).toBe(false);
    expect(result.definition?.steps[0]?.with).toMatchObject({
      approvers: ['alice', 'role:approver'],
      required_approvals: 2,
    });
  });

  it('keeps min_approvals as the former name of required_approvals', () => {
    const result = parse(review('      min_approvals: 3'));
    expect(result.definition?.steps[0]?.with).toMatchObject({ required_approvals: 3 });
    expect(result.definition?.fourEyes).toBeUndefined();
  });

  it('refuses both names at once', () => {
    expect(located(review('      required_approvals: 2', '      min_approvals: 2'))).toEqual([
      '7:22 step "review": with.min_approvals: give either required_approvals or min_approvals (its former name), not both',
    ]);
  });

  it('locates an unknown role and a bad username, listing the roles', () => {
    expect(
      located(review('      approvers:', '        - role:boss', '        - Alice Doe')),
    ).toEqual([
      '7:11 step "review": with.approvers[0]: unknown role "boss"; roles that may decide: role:approver, role:admin',
      '8:11 step "review": with.approvers[1]: "Alice Doe" is not a username (letters, digits, "_", "." and "-", at most 64) nor a role like role:approver',
    ]);
  });

  it('refuses fewer than one approval, and more than the people named when no role is listed', () => {
    expect(located(review('      required_approvals: 0'))).toEqual([
      '6:27 step "review": with.required_approvals: must be at least 1',
    ]);
    expect(located(review('      approvers: [alice, bob]', '      required_approvals: 3'))).toEqual(
      [
        '7:27 step "review": with.required_approvals: 3 approvals are required but approvers names only 2 people; lower it or add people (or a role such as role:approver)',
      ],
    );
    expect(
      parse(review('      approvers: [alice, role:approver]', '      required_approvals: 3'))
        .diagnostics,
    ).toEqual([]);
  });

  it('refuses approvers given as an expression', () => {
    expect(
      located(
        yaml(
          'name: release',
          'inputs:',
          '  who: {}',
          'steps:',
          '  - id: review',
          '    action: request-review',
          '    with:',
          `      approvers: ["\${{ inputs.who }}"]`,
        ),
      ),
    ).toEqual([
      `8:18 step "review": with.approvers: cannot be a \${{ }} expression; write it out, it must be known before the run starts`,
    ]);
  });

  it('refuses a four_eyes that is not a boolean', () => {
    expect(located(`four_eyes: "no"\n${review('      prompt: ok?')}`)).toEqual([
      expect.stringMatching(/^1:12 four_eyes: /),
    ]);
  });
});
