import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../logger.ts';
import type { RunService } from '../service/run-service.ts';
import type { Session } from '../session/session.ts';

/** What the router's procedures work with; the server builds it once and hands it to each call. */
export interface ApiDeps {
  session: Session;
  service: RunService;
  bus: EventBus;
  logger: Logger;
  runnerId: string;
  /** How often `runs.onLog` looks for new lines (default 250 ms). */
  logPollMs?: number;
}

export interface ApiContext {
  deps: ApiDeps;
}
