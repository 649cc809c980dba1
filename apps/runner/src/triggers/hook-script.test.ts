import { describe, expect, it } from 'vitest';
import { shellQuote, withHookBlock, withoutHookBlock } from './hook-script.ts';

const command = {
  cli: ['/usr/bin/node', "/home/o'neil/arcflow/bin/arcflow.mjs"],
  workspaceDir: '/w s',
};

describe('the arcflow block in a git hook', () => {
  it('makes a new hook that delivers and keeps the exit status', () => {
    const hook = withHookBlock(undefined, 'post-commit', command);
    expect(hook.startsWith('#!/bin/sh\n# >>> arcflow >>>')).toBe(true);
    expect(hook).toContain(
      `'/usr/bin/node' '/home/o'\\''neil/arcflow/bin/arcflow.mjs' hooks deliver post-commit --workspace '/w s' "$@" </dev/null || true`,
    );
    expect(hook.endsWith('(exit $arcflow_status)\n# <<< arcflow <<<\n')).toBe(true);
    expect(withoutHookBlock(hook)).toBeNull();
  });

  it('pre-push keeps its stdin (the refs being pushed)', () => {
    expect(withHookBlock(undefined, 'pre-push', command)).toMatch(
      /deliver pre-push --workspace '\/w s' "\$@" \|\| true/,
    );
  });

  it('is added to an existing hook and removed byte for byte, with or without a final newline', () => {
    for (const existing of ['#!/bin/bash\nnpm test\n', '#!/bin/sh\nmake lint', '', '#!/bin/sh\n']) {
      const installed = withHookBlock(existing, 'pre-push', command);
      expect(installed.startsWith(existing)).toBe(true);
      expect(withoutHookBlock(installed)).toBe(existing);
    }
  });

  it('installing twice replaces the block; text after it stays', () => {
    const once = withHookBlock('#!/bin/sh\necho one\n', 'post-merge', command);
    const edited = `${once}echo after\n`;
    const twice = withHookBlock(edited, 'post-merge', {
      cli: ['/new/node', '/new/arcflow.mjs'],
      workspaceDir: '/w',
    });
    expect(twice.match(/# >>> arcflow >>>/g)).toHaveLength(1);
    expect(twice).toContain("'/new/node' '/new/arcflow.mjs' hooks deliver post-merge");
    expect(withoutHookBlock(twice)).toBe('#!/bin/sh\necho one\necho after\n');
  });

  it('a created file with lines of the user after the block is kept', () => {
    const created = `${withHookBlock(undefined, 'post-commit', command)}echo mine\n`;
    expect(withoutHookBlock(created)).toBe('#!/bin/sh\necho mine\n');
  });

  it('a hook without the block is left alone', () => {
    expect(withoutHookBlock('#!/bin/sh\necho hi\n')).toBeUndefined();
  });

  it('quotes for sh', () => {
    expect(shellQuote("a'b $c")).toBe(`'a'\\''b $c'`);
  });
});
