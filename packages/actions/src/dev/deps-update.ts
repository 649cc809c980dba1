import type { ActionContext } from '@arcflow/engine';
import { type DepsUpdateInput, depsUpdateSpec } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import {
  DEPENDENCY_SECTIONS,
  type DependencySection,
  detectProject,
  directDependencies,
  managerJson,
  type Project,
  runManager,
} from './deps/package-manager.ts';
import {
  type Change,
  diffInstalled,
  type Installed,
  parseInstalled,
} from './deps/parse-installed.ts';
import { listSome, plural } from './words.ts';

export const depsUpdateAction = defineAction(depsUpdateSpec, async (ctx) => {
  const project = await detectProject(ctx.workspaceDir);
  const before = await snapshot(ctx, project);
  for (const args of updateCommands(project, ctx.input)) await runManager(ctx, project, args);
  const after = await snapshot(ctx, project);
  const changed = diffInstalled(before, after);
  return {
    outputs: { changed, count: changed.length, manager: project.manager },
    summary: updateSummary(changed),
  };
});

/** The package manager runs that make the update. */
export function updateCommands(project: Project, input: DepsUpdateInput): string[][] {
  const { packages = [], latest } = input;
  if (project.manager === 'pnpm') {
    return [
      [
        'update',
        ...(project.workspace ? ['--recursive'] : []),
        ...(latest ? ['--latest'] : []),
        ...packages,
      ],
    ];
  }
  if (!latest) return [['update', ...packages]];
  // npm has no `update --latest`: install each at @latest, into the section it is listed in.
  const direct = directDependencies(project.manifest);
  const names = packages.length > 0 ? packages : [...direct.keys()];
  const bySection = new Map<DependencySection, string[]>();
  for (const name of names) {
    const section = direct.get(name) ?? 'dependencies';
    bySection.set(section, [...(bySection.get(section) ?? []), `${name}@latest`]);
  }
  return [...bySection].map(([section, specs]) => [
    'install',
    DEPENDENCY_SECTIONS[section],
    ...specs,
  ]);
}

async function snapshot(ctx: ActionContext<DepsUpdateInput>, project: Project): Promise<Installed> {
  const args =
    project.manager === 'pnpm'
      ? ['list', '--json', '--depth', '0', ...(project.workspace ? ['--recursive'] : [])]
      : ['ls', '--json', '--depth=0'];
  // npm ls exits 1 on extraneous or missing packages; the JSON still says what is there.
  const result = await runManager(ctx, project, args, { okCodes: [1], quietStdout: true });
  return parseInstalled(managerJson(result, `${project.manager} ${args[0]}`, true));
}

/** `updated 2 dependencies: react 18.2.0 → 18.3.1, …` or `everything already up to date`. */
export function updateSummary(changed: readonly Change[]): string {
  if (changed.length === 0) return 'everything already up to date';
  const items = changed.map((c) => `${c.name} ${c.from ?? '(new)'} → ${c.to ?? '(removed)'}`);
  return `updated ${plural(changed.length, 'dependency', 'dependencies')}: ${listSome(items)}`;
}
