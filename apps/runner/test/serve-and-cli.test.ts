import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers/cli.ts';
import type { RunJson } from './helpers/run-json.ts';
import { httpClient } from './helpers/serve.ts';
import { type ServedWorkspace, startServedWorkspace } from './helpers/served-workspace.ts';

const STORY = `
name: told-twice
narrative: "One run, seen from the API and from the terminal"
steps:
  - id: one
    action: shell
    beat: "The first beat lands"
    with: { run: "sleep 0.5; echo one" }
  - id: two
    action: shell
    depends_on: [one]
    beat: "The second beat lands"
    with: { run: "sleep 0.5; echo two" }
`;

describe('a run started through the API, followed in the terminal (and the reverse)', () => {
  let served: ServedWorkspace;
  beforeAll(async () => {
    served = await startServedWorkspace({ 'told-twice': STORY });
  });
  afterAll(() => served?.close());

  it('shows the same run: the service executes it, `show --follow` tells it as it happens', async () => {
    const api = httpClient(served.serve.url);
    const started = await api.runs.start.mutate({ workflow: 'told-twice' });
    const followed = await cli(['show', started.id, '--follow'], {
      cwd: served.ws.dir,
      env: served.env(),
    });
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain('The first beat lands');
    expect(followed.stdout).toContain('The second beat lands');
    expect(followed.stdout).toMatch(/run [a-z0-9]+ succeeded/);

    const shown = await cliJson<RunJson>(['show', started.id, '--json'], {
      cwd: served.ws.dir,
      env: served.env(),
    });
    const fromApi = await api.runs.get.query({ runId: started.id });
    expect(shown.json.status).toBe('succeeded');
    expect(shown.json.events.map((e) => e.seq)).toEqual(fromApi.events.map((e) => e.seq));
  });

  it('lists a run started in the terminal through the API, with the same events', async () => {
    const ran = await cliJson<RunJson>(['run', 'told-twice', '--json'], {
      cwd: served.ws.dir,
      env: served.env(),
    });
    expect(ran.code).toBe(0);
    const api = httpClient(served.serve.url);
    const listed = await api.runs.list.query({ workflow: 'told-twice' });
    expect(listed.items.map((r) => r.id)).toContain(ran.json.id);
    const fromApi = await api.runs.get.query({ runId: ran.json.id });
    expect(fromApi.status).toBe('succeeded');
    expect(fromApi.events.map((e) => e.story.text)).toEqual(
      ran.json.events.map((e) => e.story.text),
    );
  });
});
