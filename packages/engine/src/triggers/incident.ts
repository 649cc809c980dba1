import { plural } from '../narrative/story.ts';
import type { TriggerEvent } from './event.ts';

/**
 * The run's inciting incident: the first sentence of its story and the top of its page.
 * "Ada pushed 3 commits to main", "Grace started the run by hand".
 */
export function incitingIncidentText(event: TriggerEvent): string {
  const who = event.author?.trim() || undefined;
  switch (event.kind) {
    case 'push': {
      const count = event.commits?.length;
      const what =
        count === undefined || count === 0 ? 'pushed' : `pushed ${plural(count, 'commit')}`;
      const where = event.branch ?? event.ref ?? 'a branch';
      return `${who ?? 'Someone'} ${what} to ${where}`;
    }
    case 'tag':
      return `${who ?? 'Someone'} pushed the tag ${event.tag ?? event.ref ?? '(unnamed)'}`;
    case 'release':
      return `${who ?? 'Someone'} published the release ${event.tag ?? '(untagged)'}`;
    case 'pull_request': {
      const pr = event.pr;
      if (pr === undefined) return `${who ?? 'Someone'} changed a pull request`;
      const verb = PULL_REQUEST_VERBS[pr.action] ?? `${pr.action.replaceAll('_', ' ')}`;
      return `${who ?? 'Someone'} ${verb} pull request #${pr.number} "${pr.title}" into ${pr.base}`;
    }
    case 'schedule': {
      const schedule = event.schedule;
      if (schedule === undefined) return 'The schedule fired';
      const zone = schedule.timezone ?? 'UTC';
      const name = scheduleName(schedule.cron);
      return `The ${name === undefined ? '' : `${name} `}schedule fired (${schedule.cron}, ${zone})`;
    }
    case 'webhook': {
      const source = event.source ?? 'an external system';
      const delivery = event.deliveryId === undefined ? '' : ` (delivery ${event.deliveryId})`;
      return `A webhook from ${source} arrived${delivery}`;
    }
    case 'manual':
      return who === undefined ? 'The run was started by hand' : `${who} started the run by hand`;
    default: {
      const _never: never = event.kind;
      return `Something happened: ${String(_never)}`;
    }
  }
}

const PULL_REQUEST_VERBS: Record<string, string> = {
  opened: 'opened',
  reopened: 'reopened',
  synchronize: 'updated',
  closed: 'closed',
  edited: 'edited',
  ready_for_review: 'marked ready for review',
  converted_to_draft: 'turned into a draft',
};

/** "nightly", "daily", "hourly", "weekly" when the cron says so plainly. */
function scheduleName(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  const [minute, hour, dom, month, dow] = fields.length === 6 ? fields.slice(1) : fields;
  const fixed = (field: string | undefined) => field !== undefined && /^\d+$/.test(field);
  if (cron.trim() === '@hourly' || (fixed(minute) && hour === '*' && dom === '*' && dow === '*'))
    return 'hourly';
  if (fixed(minute) && fixed(hour) && dom === '*' && month === '*') {
    const night = Number(hour) < 6 || Number(hour) >= 20;
    if (dow === '*' || dow === '1-5') return night ? 'nightly' : 'daily';
    if (fixed(dow)) return 'weekly';
  }
  if (cron.trim() === '@daily' || cron.trim() === '@midnight') return 'nightly';
  if (cron.trim() === '@weekly') return 'weekly';
  return undefined;
}
