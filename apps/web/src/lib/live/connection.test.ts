import { describe, expect, it } from 'vitest';
import {
  CONNECTION_LABEL,
  type Connection,
  connectionAfter,
  connectionHandlers,
  RUN_CONNECTION_LABEL,
} from './connection';

describe('the live connection', () => {
  it('goes live when the subscription starts, and says so', () => {
    const seen: Connection[] = [];
    let started = 0;
    const handlers = connectionHandlers(
      (c) => seen.push(c),
      () => started++,
    );
    handlers.onStarted();
    expect(seen).toEqual(['live']);
    expect(started).toBe(1);
    expect(CONNECTION_LABEL[seen[0] as Connection]).toBe('live');
  });

  it('shows reconnecting while the socket comes back, offline once it stops', () => {
    const seen: Connection[] = [];
    const handlers = connectionHandlers((c) => seen.push(c));
    handlers.onConnectionStateChange({ state: 'connecting' });
    handlers.onConnectionStateChange({ state: 'pending' });
    handlers.onError();
    handlers.onStopped();
    expect(seen.map((c) => CONNECTION_LABEL[c])).toEqual([
      'reconnecting…',
      'live',
      'reconnecting…',
      'offline',
    ]);
  });

  it('maps an idle socket to closed', () => {
    expect(connectionAfter('idle')).toBe('closed');
  });

  it('calls a stopped run view "not live" on the run page', () => {
    expect(RUN_CONNECTION_LABEL.closed).toBe('not live');
    expect(RUN_CONNECTION_LABEL.live).toBe(CONNECTION_LABEL.live);
  });
});
