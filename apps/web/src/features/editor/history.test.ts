import { describe, expect, it } from 'vitest';
import {
  againstEditor,
  changesOf,
  currentRevisionId,
  EDITOR_SIDE,
  focusedRevisionId,
  type HistoryRevision,
  restoredNotice,
  runsCaption,
  sideLabel,
} from './history';

function revision(id: string, more: Partial<HistoryRevision> = {}): HistoryRevision {
  return {
    id,
    shortId: `${id}0000000`.slice(0, 8),
    hash: `hash-${id}`,
    createdAt: '2026-01-01T12:00:00.000Z',
    createdBy: 'Ana',
    message: null,
    runCount: 0,
    runs: [],
    ...more,
  } as unknown as HistoryRevision;
}

// Newest first, as workflows.history returns them.
const revisions = [revision('c', { message: 'third' }), revision('b'), revision('a')];

describe('history', () => {
  it('compares a revision with the one before it, the oldest with the editor', () => {
    expect(changesOf(revisions, 'c')).toEqual({ from: 'b', to: 'c' });
    expect(changesOf(revisions, 'b')).toEqual({ from: 'a', to: 'b' });
    expect(changesOf(revisions, 'a')).toEqual({ from: 'a', to: EDITOR_SIDE });
    expect(againstEditor('b')).toEqual({ from: 'b', to: EDITOR_SIDE });
  });

  it('names the sides of a diff', () => {
    expect(sideLabel(revisions, 'c')).toBe('c0000000 · third');
    expect(sideLabel(revisions, 'b')).toBe('b0000000');
    expect(sideLabel(revisions, EDITOR_SIDE)).toBe('Editor (current text)');
    expect(sideLabel(revisions, 'zz')).toBe('unknown revision');
  });

  it('finds the revision the file has now', () => {
    expect(currentRevisionId(revisions, 'hash-b')).toBe('b');
    expect(currentRevisionId(revisions, 'hash-x')).toBeNull();
    expect(currentRevisionId(revisions, null)).toBeNull();
  });

  it('says how many runs and how many are shown', () => {
    expect(runsCaption(revision('x'))).toBe('0 runs');
    const run = { id: 'r1', status: 'succeeded', createdAt: '' };
    expect(runsCaption(revision('x', { runCount: 1, runs: [run] } as never))).toBe('1 run');
    expect(runsCaption(revision('x', { runCount: 12, runs: [run, run] } as never))).toBe(
      '12 runs, latest 2 shown',
    );
  });

  it('tells a new revision from content that already was one', () => {
    expect(
      restoredNotice({
        restoredFrom: { shortId: 'aaaa1111' },
        revision: { shortId: 'aaaa1111', created: true },
      }),
    ).toBe('Restored aaaa1111 as the newest revision; every earlier revision is kept.');
    expect(
      restoredNotice({
        restoredFrom: { shortId: 'aaaa1111' },
        revision: { shortId: 'aaaa1111', created: false },
      }),
    ).toBe('Restored aaaa1111: the workflow already had that content, so nothing changed.');
  });
});

describe('focusedRevisionId', () => {
  it('finds a revision by id, else the newest whose hash starts with the short id', () => {
    const revisions = [
      revision('c', { hash: 'abcd1234ff' }),
      revision('b', { hash: 'ffff0000aa' }),
      revision('a', { hash: 'abcd1234ff' }),
    ];
    expect(focusedRevisionId(revisions, 'b')).toBe('b');
    expect(focusedRevisionId(revisions, 'abcd1234')).toBe('c');
    expect(focusedRevisionId(revisions, 'ABCD1234')).toBe('c');
    expect(focusedRevisionId(revisions, 'nothing')).toBeNull();
    expect(focusedRevisionId(revisions, null)).toBeNull();
  });
});
