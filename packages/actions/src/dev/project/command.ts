import { type DetectedProject, detectProject, type ProjectTask } from './detect.ts';

/** The command a task runs: the one given, else the project's own, else none and why. */
export type TaskCommand =
  | { command: string; project?: DetectedProject }
  | { command?: undefined; project?: DetectedProject; why: string };

const VERBS: Record<ProjectTask, string> = {
  install: 'install',
  build: 'build',
  test: 'test',
  deploy: 'deploy',
};

/** Where each kind of project keeps a task's command, for a sentence saying it has none. */
function missing(project: DetectedProject, task: ProjectTask): string {
  const makefile = project.evidence.includes('Makefile') ? ` or Makefile \`${task}\` target` : '';
  if (project.kind === 'node') return `package.json has no \`${task}\` script${makefile}`;
  if (project.kind === 'make') return `the Makefile has no \`${task}\` target`;
  return `it has no ${VERBS[task]} step${makefile}`;
}

/**
 * The command for `task` in `dir`: `given` when set (not blank), else the detected project's.
 * Without one, `why` says so for the story: `nothing to build in a Python project (pip): it
 * has no build step`.
 */
export async function taskCommand(
  dir: string,
  task: ProjectTask,
  given: string | undefined,
): Promise<TaskCommand> {
  if (given !== undefined && given.trim() !== '') return { command: given.trim() };
  const project = await detectProject(dir);
  if (!project) {
    return {
      why: `nothing to ${VERBS[task]}: no package.json, pyproject.toml, requirements.txt, go.mod, Cargo.toml or Makefile in the workspace, and no command was given`,
    };
  }
  const command = project.commands[task];
  if (command !== undefined) return { command, project };
  return {
    project,
    why: `nothing to ${VERBS[task]} in ${project.label}: ${missing(project, task)}, and no ${VERBS[task]} command was given`,
  };
}
