import type { RunDetail } from '@/lib/api-types';

/**
 * The run's inciting incident: from its stored event, else from its story's first event
 * (`run.started` carries `data.incident.text` when the run began with an event); null for a
 * run started by hand before events existed.
 */
export function incidentText(run: Pick<RunDetail, 'trigger' | 'events'>): string | null {
  if (run.trigger) return run.trigger.text;
  for (const event of run.events) {
    const incident = (event.data as { incident?: { text?: unknown } } | undefined)?.incident;
    if (typeof incident?.text === 'string' && incident.text !== '') return incident.text;
  }
  return null;
}
