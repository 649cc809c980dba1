import { join } from 'node:path';
import { exists, isRecord, readJson, readText } from '../files.ts';
import { makeTargets } from './makefile.ts';

/**
 * What kind of project a workspace holds, told by its files, and the commands that install,
 * build, test and deploy it. A command is missing when the project has nothing to do for it
 * (a Python library has no build step; most projects have no deploy script): the `build` and
 * `deploy` actions then end their step skipped and say why, rather than claim a success.
 */

export type ProjectKind = 'node' | 'python' | 'go' | 'rust' | 'make';
export type ProjectTool =
  | 'npm'
  | 'pnpm'
  | 'yarn'
  | 'bun'
  | 'uv'
  | 'poetry'
  | 'pip'
  | 'go'
  | 'cargo'
  | 'make';

export type ProjectTask = 'install' | 'build' | 'test' | 'deploy';

export interface DetectedProject {
  kind: ProjectKind;
  /** The package manager or build tool that runs its commands. */
  tool: ProjectTool;
  /** The files that told (`pnpm-lock.yaml`, `package.json packageManager`, `pyproject.toml`…). */
  evidence: string[];
  /** A command per task the project has, to run with `bash -c`. */
  commands: Partial<Record<ProjectTask, string>>;
  /** Described for a story: `a pnpm project`, `a Python project (uv)`. */
  label: string;
}

/** What `npm init` writes: a test script that only says there are no tests. */
const NPM_PLACEHOLDER = /no test specified/;

const LABELS: Record<ProjectKind, string> = {
  node: 'Node.js',
  python: 'Python',
  go: 'Go',
  rust: 'Rust',
  make: 'Make',
};

/**
 * The project in `dir`, or undefined when no manifest is there. The language's manifest picks
 * the kind (package.json, pyproject.toml or requirements.txt, go.mod, Cargo.toml); a Makefile's
 * `build`, `test`, `deploy` and `install` targets take over those commands, since a project that
 * has them means them to be used.
 */
export async function detectProject(dir: string): Promise<DetectedProject | undefined> {
  const targets = await makeTargets(dir);
  const base =
    (await nodeProject(dir)) ??
    (await pythonProject(dir)) ??
    (await goProject(dir)) ??
    (await rustProject(dir)) ??
    (targets === undefined
      ? undefined
      : ({ kind: 'make', tool: 'make', evidence: ['Makefile'], commands: {}, label: '' } as const));
  if (!base) return undefined;
  const commands = { ...base.commands };
  const evidence = [...base.evidence];
  for (const task of ['install', 'build', 'test', 'deploy'] as const) {
    if (!targets?.has(task)) continue;
    commands[task] = `make ${task}`;
    if (!evidence.includes('Makefile')) evidence.push('Makefile');
  }
  const tool = base.tool === base.kind ? '' : ` (${base.tool})`;
  const label = base.kind === 'make' ? 'a Make project' : `a ${LABELS[base.kind]} project${tool}`;
  return { ...base, commands, evidence, label };
}

type Base = Omit<DetectedProject, 'label'>;

const NODE_LOCKFILES: Array<[string, ProjectTool]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

async function nodeProject(dir: string): Promise<Base | undefined> {
  const manifest = await readJson(join(dir, 'package.json'));
  if (!isRecord(manifest)) return undefined;
  let tool: ProjectTool = 'npm';
  let lockfile: string | undefined;
  const declared = /^(npm|pnpm|yarn|bun)@/.exec(String(manifest.packageManager ?? ''))?.[1];
  for (const [file, owner] of NODE_LOCKFILES) {
    if (!(await exists(join(dir, file)))) continue;
    if (declared === undefined || declared === owner) {
      lockfile = file;
      tool = owner;
      break;
    }
  }
  if (declared !== undefined) tool = declared as ProjectTool;
  const evidence = [
    declared === undefined ? 'package.json' : 'package.json packageManager',
    ...(lockfile ? [lockfile] : []),
  ];
  const scripts = isRecord(manifest.scripts) ? manifest.scripts : {};
  const script = (name: string) => {
    const body = scripts[name];
    return typeof body === 'string' && body.trim() !== '' ? body : undefined;
  };
  const run = (name: string) => (tool === 'yarn' ? `yarn ${name}` : `${tool} run ${name}`);
  const commands: Base['commands'] = { install: nodeInstall(tool, lockfile !== undefined) };
  if (script('build')) commands.build = run('build');
  const test = script('test');
  if (test && !NPM_PLACEHOLDER.test(test)) commands.test = `${tool} test`;
  if (script('deploy')) commands.deploy = run('deploy');
  return { kind: 'node', tool, evidence, commands };
}

function nodeInstall(tool: ProjectTool, locked: boolean): string {
  switch (tool) {
    case 'pnpm':
      return locked ? 'pnpm install --frozen-lockfile' : 'pnpm install';
    case 'yarn':
      return locked ? 'yarn install --frozen-lockfile' : 'yarn install';
    case 'bun':
      return locked ? 'bun install --frozen-lockfile' : 'bun install';
    default:
      return locked ? 'npm ci' : 'npm install';
  }
}

async function pythonProject(dir: string): Promise<Base | undefined> {
  const pyproject = await readText(join(dir, 'pyproject.toml'));
  const requirements = await exists(join(dir, 'requirements.txt'));
  if (pyproject === undefined && !requirements) return undefined;
  const evidence = [pyproject === undefined ? 'requirements.txt' : 'pyproject.toml'];
  if (await exists(join(dir, 'uv.lock'))) {
    return {
      kind: 'python',
      tool: 'uv',
      evidence: [...evidence, 'uv.lock'],
      commands: { install: 'uv sync', test: 'uv run pytest' },
    };
  }
  const poetryLock = await exists(join(dir, 'poetry.lock'));
  if (poetryLock || /^\[tool\.poetry\]/m.test(pyproject ?? '')) {
    return {
      kind: 'python',
      tool: 'poetry',
      evidence: [...evidence, ...(poetryLock ? ['poetry.lock'] : ['[tool.poetry]'])],
      commands: { install: 'poetry install', test: 'poetry run pytest' },
    };
  }
  const install =
    pyproject !== undefined
      ? 'python3 -m pip install -e .'
      : 'python3 -m pip install -r requirements.txt';
  return {
    kind: 'python',
    tool: 'pip',
    evidence,
    commands: { install, test: 'python3 -m pytest' },
  };
}

async function goProject(dir: string): Promise<Base | undefined> {
  if (!(await exists(join(dir, 'go.mod')))) return undefined;
  return {
    kind: 'go',
    tool: 'go',
    evidence: ['go.mod'],
    // -v: go prints passing and skipped tests only when verbose, and run-tests counts them.
    commands: { install: 'go mod download', build: 'go build ./...', test: 'go test -v ./...' },
  };
}

async function rustProject(dir: string): Promise<Base | undefined> {
  if (!(await exists(join(dir, 'Cargo.toml')))) return undefined;
  return {
    kind: 'rust',
    tool: 'cargo',
    evidence: ['Cargo.toml'],
    commands: { install: 'cargo fetch', build: 'cargo build', test: 'cargo test' },
  };
}
