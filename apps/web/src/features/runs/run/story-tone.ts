import type { StoryKind } from '@/lib/api-types';
import { exhaustive } from '@/lib/exhaustive';

export type StoryTone =
  | 'neutral'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'waiting'
  | 'muted'
  | 'ceremony';

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
