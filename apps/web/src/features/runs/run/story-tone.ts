import type { RunEvent, StoryKind } from '@/lib/api-types';
import { exhaustive } from '@/lib/exhaustive';

export type StoryTone =
  | 'neutral'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'waiting'
  | 'muted'
  | 'ceremony'
  | 'retold';

/** The colour a story sentence gets. */
export function storyTone(kind: StoryKind): StoryTone {
  switch (kind) {
    case 'exposition':
      return 'neutral';
    case 'rising':
      return 'running';
    case 'beat':
    case 'resolution':
    case 'denouement':
      return 'succeeded';
    case 'tension':
    case 'climax':
      return 'failed';
    case 'fallout':
      return 'muted';
    case 'suspense':
      return 'waiting';
    case 'return':
    case 'verdict':
      return 'ceremony';
    default:
      return exhaustive(kind);
  }
}

/**
 * The colour an event's sentence gets: a re-telling (`run.retold`: a resume on a newer
 * revision, a retry, a rerun's start) has its own, whatever its story kind.
 */
export function eventTone(event: Pick<RunEvent, 'type' | 'story'>): StoryTone {
  return event.type === 'run.retold' ? 'retold' : storyTone(event.story.kind);
}
