import type { Session } from '../session/session.ts';
import type { RunnerMetrics } from './metrics.ts';

/**
 * The session the worker runs with, its store measured from the outside: how long each
 * commit of a transition takes, and how lease renewals end. Everything else passes through.
 */
export function observedSession(session: Session, metrics: RunnerMetrics): Session {
  const { events, leases } = session.store;
  const commit: typeof events.commit = async (...args) => {
    const done = metrics.eventCommit.startTimer();
    try {
      return await events.commit(...args);
    } finally {
      done();
    }
  };
  const renew: typeof leases.renew = async (...args) => {
    try {
      const held = await leases.renew(...args);
      metrics.leaseRenewals.inc({ result: held ? 'renewed' : 'lost' });
      return held;
    } catch (error) {
      metrics.leaseRenewals.inc({ result: 'error' });
      throw error;
    }
  };
  return {
    ...session,
    store: {
      ...session.store,
      events: overriding(events, { commit }),
      leases: overriding(leases, { renew }),
    },
  };
}

/** `target` with some methods replaced; the others keep `target` as `this`. */
function overriding<T extends object>(target: T, methods: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(methods, property)) return methods[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
