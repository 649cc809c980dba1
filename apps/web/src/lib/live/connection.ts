/**
 * The state of a live (WebSocket) subscription, as every live page shows it: the type, its
 * labels, and the handlers that keep it up to date from tRPC's subscription callbacks.
 */

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'closed';

export const CONNECTION_LABEL: Record<Connection, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  closed: 'offline',
};

/** The run page's words: there, `closed` means this run's view stopped following it. */
export const RUN_CONNECTION_LABEL: Record<Connection, string> = {
  ...CONNECTION_LABEL,
  closed: 'not live',
};

/** tRPC's WebSocket client states (`onConnectionStateChange`). */
export type WsClientState = 'idle' | 'connecting' | 'pending';

/** What a change of the WebSocket client's state means for the subscription. */
export function connectionAfter(state: WsClientState): Connection {
  switch (state) {
    case 'pending':
      return 'live';
    case 'connecting':
      return 'reconnecting';
    case 'idle':
      return 'closed';
  }
}

/** The subscription callbacks that track its connection; `onStarted` runs after it went live. */
export function connectionHandlers(set: (connection: Connection) => void, onStarted?: () => void) {
  return {
    onStarted: () => {
      set('live');
      onStarted?.();
    },
    onConnectionStateChange: (change: { state: WsClientState }) =>
      set(connectionAfter(change.state)),
    onError: () => set('reconnecting'),
    onStopped: () => set('closed'),
  };
}
