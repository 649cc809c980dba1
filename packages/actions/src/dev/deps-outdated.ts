import { depsOutdatedSpec } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { detectProject, managerJson, runManager } from './deps/package-manager.ts';
import { type OutdatedDependency, parseOutdated } from './deps/parse-outdated.ts';
import { listSome, plural } from './words.ts';

export const depsOutdatedAction = defineAction(depsOutdatedSpec, async (ctx) => {
  const project = await detectProject(ctx.workspaceDir);
  const args =
    project.manager === 'pnpm'
      ? ['outdated', '--format', 'json', ...(project.workspace ? ['--recursive'] : [])]
      : [
          'outdated',
          '--json',
          '--long',
          ...(project.workspace ? ['--workspaces', '--include-workspace-root'] : []),
        ];
  // Both exit 1 when something is outdated: that is the answer, not a failure.
  const result = await runManager(ctx, project, args, { okCodes: [1], quietStdout: true });
  const outdated = parseOutdated(managerJson(result, `${project.manager} outdated`));
  for (const dep of outdated) ctx.log('stdout', `${describe(dep)} (wanted ${dep.wanted ?? '?'})`);
  return {
    outputs: { outdated, count: outdated.length, manager: project.manager },
    summary: outdatedSummary(outdated),
  };
});

/** `3 dependencies are behind: react 18.2.0 → 19.1.0, …`. */
export function outdatedSummary(outdated: readonly OutdatedDependency[]): string {
  if (outdated.length === 0) return 'all dependencies are up to date';
  const verb = outdated.length === 1 ? 'is' : 'are';
  return `${plural(outdated.length, 'dependency', 'dependencies')} ${verb} behind: ${listSome(outdated.map(describe))}`;
}

function describe(dep: OutdatedDependency): string {
  return `${dep.name} ${dep.current ?? 'not installed'} → ${dep.latest ?? dep.wanted ?? '?'}`;
}
