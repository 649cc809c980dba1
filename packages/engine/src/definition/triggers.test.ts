import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActionRegistry } from '../actions/registry.ts';
import { parseWorkflow } from './parse.ts';

const actions = createActionRegistry([
  {
    name: 'shell',
    description: 'Runs a shell command.',
    input: z.object({ run: z.string().min(1) }).strict(),
    outputs: { stdout: 'what it printed' },
    run: async () => ({}),
  },
]);

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const parse = (text: string) => parseWorkflow(text, { file: 'wf.yaml', actions });
const located = (text: string) =>
  parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
const step = ['steps:', '  - id: build', '    action: shell', '    with: { run: make }'];

describe('parseWorkflow: on:, concurrency: and runs_on:', () => {
  it('turns them into the definition, camelCased, with defaults', () => {
    const result = parse(
      yaml(
        'name: ship',
        'on:',
        '  push: { branches: [main, "release/*"], paths: ["src/**", "!docs/**"] }',
        '  pull_request: { types: [opened, synchronize], branches: main }',
        '  schedule: [{ cron: "0 3 * * 1-5", timezone: Europe/Paris }, { cron: "*/30 * * * * *", catch_up: true }]',
        '  webhook: {}',
        `concurrency: { group: "deploy-\${{ event.branch }}", cancel_in_progress: true }`,
        'runs_on: [linux, docker]',
        'steps:',
        '  - id: build',
        '    action: shell',
        '    runs_on: gpu',
        `    with: { run: "echo \${{ event.sha }} \${{ event.pr.number }} \${{ event.payload.a.b }}" }`,
      ),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.definition).toMatchObject({
      on: {
        push: { branches: ['main', 'release/*'], paths: ['src/**', '!docs/**'] },
        pullRequest: { types: ['opened', 'synchronize'], branches: ['main'] },
        schedule: [
          { cron: '0 3 * * 1-5', timezone: 'Europe/Paris', catchUp: false },
          { cron: '*/30 * * * * *', catchUp: true },
        ],
        webhook: {},
      },
      concurrency: { group: `deploy-\${{ event.branch }}`, cancelInProgress: true },
      runsOn: ['linux', 'docker'],
    });
    expect(result.definition?.steps[0]?.runsOn).toEqual(['gpu']);
  });

  it('accepts the short forms: concurrency as a string, push with no filters', () => {
    const result = parse(
      yaml('name: ship', 'on:', '  push:', '  webhook:', 'concurrency: "ship"', ...step),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.definition?.on).toEqual({ push: {}, webhook: {} });
    expect(result.definition?.concurrency).toEqual({ group: 'ship', cancelInProgress: false });
  });

  it("accepts GitHub's event-name forms of on: (on: push, on: [push, pull_request])", () => {
    expect(parse(yaml('name: ship', 'on: push', ...step)).definition?.on).toEqual({ push: {} });
    expect(
      parse(yaml('name: ship', 'on: [push, pull_request, webhook]', ...step)).definition?.on,
    ).toEqual({ push: {}, pullRequest: {}, webhook: {} });
  });

  it('refuses a short form it cannot honour, at its line and column', () => {
    expect(located(yaml('name: ship', 'on: [push, pushh]', ...step))).toEqual([
      expect.stringMatching(/^2:\d+ schema .*unknown event "pushh"; did you mean "push"\?/),
    ]);
    expect(located(yaml('name: ship', 'on: schedule', ...step))).toEqual([
      expect.stringMatching(
        /^2:\d+ schema .*a schedule needs its times: write on: \{ schedule: \[\{ cron: "0 3 \* \* \*" \}\] \}/,
      ),
    ]);
  });

  it('leaves workflows without them unchanged, and lets them read event.*', () => {
    const result = parse(
      yaml(
        'name: ship',
        'steps:',
        '  - id: a',
        '    action: shell',
        `    with: { run: "echo \${{ event.author }}" }`,
      ),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.definition).not.toHaveProperty('on');
    expect(result.definition).not.toHaveProperty('concurrency');
    expect(result.definition).not.toHaveProperty('runsOn');
  });

  it('reports every problem at its line and column', () => {
    expect(
      located(
        yaml(
          'name: ship',
          'on:',
          '  pushh: {}',
          '  pull_request: { types: [opened, synchronise] }',
          '  schedule:',
          '    - cron: "61 3 * * *"',
          '      timezone: Europe/Pariss',
          '  release: { tags: ["v[0-9"] }',
          `concurrency: { group: "deploy-\${{ event.brnch }}-\${{ steps.build.status }}" }`,
          'runs_on: [linux, "has space"]',
          ...step,
        ),
      ),
    ).toEqual([
      '3:3 schema on: unknown key "pushh"; did you mean "push"? Allowed keys: push, pull_request, schedule, webhook, release',
      '4:35 schema on.pull_request.types[1]: unknown pull request type "synchronise"; did you mean "synchronize"? Use one of opened, synchronize, reopened, closed, edited, ready_for_review, converted_to_draft, labeled, unlabeled, assigned, unassigned, review_requested, review_request_removed, locked, unlocked',
      expect.stringMatching(
        /^6:13 bad-cron on\.schedule\[0\]\.cron: invalid cron "61 3 \* \* \*": Invalid value for minute: 61; write 5 fields/,
      ),
      '7:17 unknown-timezone on.schedule[0].timezone: unknown time zone "Europe/Pariss"; did you mean "Europe/Paris"? Use an IANA name like Europe/Paris, America/New_York or UTC',
      expect.stringMatching(
        /^8:21 bad-glob on\.release\.tags: invalid glob "v\[0-9": Missing closing: "\]"/,
      ),
      '9:35 schema concurrency.group: unknown event field "brnch"; did you mean "branch"? An event has kind, source, ref, branch, tag, sha, before, author, commits, pr, delivery_id, schedule, payload',
      '9:54 schema concurrency.group: the group is decided before any step runs: it may read event, inputs and workflow, not steps',
      '10:18 schema runs_on[1]: a runner label starts with a letter or digit and contains only letters, digits, ".", "-" and "_"',
    ]);
  });

  it('refuses lists that only exclude, and include lists together with *_ignore', () => {
    expect(
      located(
        yaml(
          'name: ship',
          'on:',
          '  push:',
          '    paths: ["!docs/**"]',
          '    branches: [main]',
          '    branches_ignore: [wip]',
          ...step,
        ),
      ),
    ).toEqual([
      '4:12 bad-glob on.push.paths: every pattern starts with "!", so nothing is included; put a pattern that includes first, e.g. "**"',
      '6:5 bad-glob on.push: use branches or branches_ignore, not both; exclude with "!pattern" inside branches',
    ]);
  });

  it('checks event.* in steps: unknown fields, single values, with did-you-mean', () => {
    expect(
      located(
        yaml(
          'name: ship',
          'steps:',
          '  - id: a',
          '    action: shell',
          `    with: { run: "echo \${{ event.delivery }} \${{ event.sha.short }} \${{ event.pr.nummber }}" }`,
          "    if: event.kind == 'push'",
        ),
      ),
    ).toEqual([
      '5:28 schema step "a": with.run: unknown event field "delivery"; did you mean "delivery_id"? An event has kind, source, ref, branch, tag, sha, before, author, commits, pr, delivery_id, schedule, payload',
      '5:50 schema step "a": with.run: event.sha is a single value; it has no "short"',
      '5:73 schema step "a": with.run: unknown field "nummber" of event.pr; did you mean "number"? Fields of event.pr: number, title, base, head, action',
    ]);
  });
});
