import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActionRegistry } from '../actions/registry.ts';
import { workflowJsonSchema } from './json-schema.ts';
import { parseWorkflow } from './parse.ts';

const actions = createActionRegistry([
  {
    name: 'noop',
    description: 'Does nothing.',
    input: z.object({}).strict(),
    run: async () => ({}),
  },
]);
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const parse = (text: string) => parseWorkflow(text, { file: 'wf.yaml', actions });
const located = (text: string) =>
  parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);

const pipeline = (retention: string, build: string, deploy: string) =>
  yaml(
    'name: artifacts',
    retention,
    'steps:',
    '  - id: build',
    '    action: noop',
    build,
    '  - id: test',
    '    action: noop',
    '    depends_on: build',
    '  - id: lint',
    '    action: noop',
    '  - id: deploy',
    '    action: noop',
    '    depends_on: [test]',
    deploy,
  );

describe('artifacts and needs_artifacts', () => {
  it('keeps the globs, the steps whose artifacts are needed (upstream through others) and the retention', () => {
    const { definition, diagnostics } = parse(
      pipeline(
        'artifact_retention: 7d',
        '    artifacts: ["dist/**", coverage/lcov.info, "!**/*.map"]',
        '    needs_artifacts: [build, build]',
      ),
    );
    expect(diagnostics).toEqual([]);
    expect(definition?.artifactRetentionMs).toBe(7 * 86_400_000);
    expect(definition?.steps[0]?.artifacts).toEqual(['dist/**', 'coverage/lcov.info', '!**/*.map']);
    expect(definition?.steps[3]?.needsArtifacts).toEqual(['build']);
    expect(definition?.steps[1]).not.toHaveProperty('artifacts');
  });

  it('refuses needs_artifacts on a step that is not upstream, naming the step and where', () => {
    expect(
      located(pipeline('', '    artifacts: [dist/**]', '    needs_artifacts: [lint, ghost]')),
    ).toEqual([
      '15:23 missing-dependency step "deploy" needs the artifacts of "lint", which is not upstream of it; add "lint" to its depends_on',
      '15:29 missing-dependency step "deploy" needs the artifacts of "ghost", which is not a step in this workflow',
    ]);
  });

  it('refuses patterns that leave the workspace, and a retention that is not a duration', () => {
    expect(
      located(
        pipeline(
          'artifact_retention: forever',
          '    artifacts: [/etc/passwd, "../secrets/**", "!/x"]',
          '',
        ),
      ),
    ).toEqual([
      '2:21 schema artifact_retention: invalid retention "forever"; use a duration between 1m and 3650d, like 7d or 30d',
      '6:17 schema step "build": artifacts[0]: must be relative to the workspace, not an absolute path',
      '6:30 schema step "build": artifacts[1]: may not contain ".." (artifacts come from inside the workspace)',
      '6:47 schema step "build": artifacts[2]: must be relative to the workspace, not an absolute path',
    ]);
  });

  it('is described for the editor', () => {
    const schema = workflowJsonSchema(actions) as {
      properties: Record<string, { description: string }> & {
        steps: { items: { properties: Record<string, { description: string }> } };
      };
    };
    expect(schema.properties.artifact_retention?.description).toContain('Default 30d');
    expect(schema.properties.steps.items.properties.artifacts?.description).toContain(
      'glob patterns',
    );
    expect(schema.properties.steps.items.properties.needs_artifacts?.description).toContain(
      'upstream',
    );
  });
});
