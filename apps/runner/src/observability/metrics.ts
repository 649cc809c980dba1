import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The runner's Prometheus metrics, in a registry of its own (made by `arcflow serve`, never
 * at import). Labels carry workflow names and fixed words only — no run ids, step ids,
 * people or values — and at most `MAX_WORKFLOW_LABELS` workflow names.
 */
export interface RunnerMetrics {
  registry: Registry;
  runsStarted: Counter<'workflow' | 'how'>;
  runsFinished: Counter<'workflow' | 'status'>;
  stepsStarted: Counter<'workflow'>;
  stepsFinished: Counter<'workflow' | 'status'>;
  stepDuration: Histogram<'workflow' | 'status'>;
  queueWait: Histogram;
  runsClaimed: Counter<'how'>;
  leaseRenewals: Counter<'result'>;
  leaseTakeovers: Counter;
  eventCommit: Histogram;
  /** The label for a workflow: its name, or `other` past the first `MAX_WORKFLOW_LABELS`. */
  workflowLabel(name: string): string;
  /** Read at each scrape: queued runs that no runner holds (the same on every runner). */
  setQueueDepthSource(read: () => Promise<number>): void;
  /** Read at each scrape: WebSocket clients connected to this runner. */
  setWebSocketClientsSource(count: () => number): void;
}

export const MAX_WORKFLOW_LABELS = 200;

export function createRunnerMetrics(): RunnerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const workflows = new Set<string>();
  let queueDepth: (() => Promise<number>) | undefined;
  let webSocketClients: (() => number) | undefined;

  new Gauge({
    name: 'arcflow_queue_depth',
    help: 'Queued runs no runner holds yet, over every runner sharing the database.',
    registers,
    async collect() {
      // A scrape while the database is away still answers, without this gauge moving.
      if (queueDepth) this.set(await queueDepth().catch(() => Number.NaN));
    },
  });
  new Gauge({
    name: 'arcflow_websocket_clients',
    help: 'WebSocket clients connected to this runner.',
    registers,
    collect() {
      this.set(webSocketClients?.() ?? 0);
    },
  });

  return {
    registry,
    runsStarted: new Counter({
      name: 'arcflow_runs_started_total',
      help: 'Tellings of runs this runner began: how = start, resume or retell.',
      labelNames: ['workflow', 'how'],
      registers,
    }),
    runsFinished: new Counter({
      name: 'arcflow_runs_finished_total',
      help: 'Runs this runner brought to an end, by final status.',
      labelNames: ['workflow', 'status'],
      registers,
    }),
    stepsStarted: new Counter({
      name: 'arcflow_steps_started_total',
      help: 'Step attempts this runner started.',
      labelNames: ['workflow'],
      registers,
    }),
    stepsFinished: new Counter({
      name: 'arcflow_steps_finished_total',
      help: 'Step attempts that ended on this runner: succeeded, failed, canceled, skipped (nothing to do) or interrupted.',
      labelNames: ['workflow', 'status'],
      registers,
    }),
    stepDuration: new Histogram({
      name: 'arcflow_step_duration_seconds',
      help: 'How long step attempts ran, from start to end, by how they ended.',
      labelNames: ['workflow', 'status'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    }),
    queueWait: new Histogram({
      name: 'arcflow_queue_wait_seconds',
      help: 'How long runs waited in the queue, from creation to the claim that started them.',
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800, 3600],
      registers,
    }),
    runsClaimed: new Counter({
      name: 'arcflow_runs_claimed_total',
      help: 'Runs this runner claimed from the queue: how = start, resume or adopt (a takeover).',
      labelNames: ['how'],
      registers,
    }),
    leaseRenewals: new Counter({
      name: 'arcflow_lease_renewals_total',
      help: "Renewals of this runner's run leases: result = renewed, lost (another runner took the run) or error (the database did not answer).",
      labelNames: ['result'],
      registers,
    }),
    leaseTakeovers: new Counter({
      name: 'arcflow_lease_takeovers_total',
      help: 'Runs this runner took over from a runner whose lease expired.',
      registers,
    }),
    eventCommit: new Histogram({
      name: 'arcflow_event_commit_seconds',
      help: "How long committing a transition (run state and its events) took, as this runner's worker saw it.",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    }),
    workflowLabel(name) {
      if (workflows.has(name)) return name;
      if (workflows.size >= MAX_WORKFLOW_LABELS) return 'other';
      workflows.add(name);
      return name;
    },
    setQueueDepthSource(read) {
      queueDepth = read;
    },
    setWebSocketClientsSource(count) {
      webSocketClients = count;
    },
  };
}
