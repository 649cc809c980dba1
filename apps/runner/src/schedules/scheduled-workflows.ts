import { readFileSync, statSync } from 'node:fs';
import { builtinActionSpecs, parseWorkflow } from '@arcflow/engine';
import { displayPath, listWorkflowCandidates } from '../workflows/resolve.ts';
import { type ScheduleEntry, scheduleEntries } from './ticks.ts';

interface Parsed {
  /** `mtimeMs:size` of the file when it was parsed. */
  stamp: string;
  entries: ScheduleEntry[];
}

/**
 * The schedules of the workspace's own workflows (`.mia/workflows/`; templates are not
 * scheduled until customised), re-read as the files change: a file is parsed again only when
 * its modification time or size moved, so reading them every few seconds stays cheap. An
 * invalid workflow schedules nothing (`arcflow validate` says why).
 */
export class ScheduledWorkflows {
  private readonly parsed = new Map<string, Parsed>();

  constructor(private readonly workspaceDir: string) {}

  entries(): ScheduleEntry[] {
    const seen = new Set<string>();
    const entries: ScheduleEntry[] = [];
    for (const candidate of listWorkflowCandidates(this.workspaceDir)) {
      if (candidate.origin !== 'workspace') continue;
      seen.add(candidate.path);
      entries.push(...this.read(candidate.path));
    }
    for (const path of this.parsed.keys()) if (!seen.has(path)) this.parsed.delete(path);
    return entries;
  }

  private read(path: string): ScheduleEntry[] {
    let stamp: string;
    try {
      const stat = statSync(path);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return []; // removed meanwhile
    }
    const known = this.parsed.get(path);
    if (known?.stamp === stamp) return known.entries;
    let entries: ScheduleEntry[] = [];
    try {
      const { definition } = parseWorkflow(readFileSync(path, 'utf8'), {
        file: displayPath(path),
        actions: builtinActionSpecs,
      });
      if (definition) entries = scheduleEntries(definition.name, definition.on?.schedule);
    } catch {
      entries = [];
    }
    this.parsed.set(path, { stamp, entries });
    return entries;
  }
}
