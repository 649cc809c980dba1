import { createStore, openDatabase } from '@arcflow/db';
import { createTestPostgresDatabase } from '@arcflow/db/testing';
import { builtinActionSpecs, parseWorkflow } from '@arcflow/engine';
import { runToJson } from './dist/runs/run-json.js';
import { storyOutline } from './dist/runs/story-outline.js';

const N = Number(process.argv[2] ?? 5000);
const lines = ['name: prof', 'steps:'];
for (let i = 0; i < N; i++) {
  lines.push(`  - id: s${i}`, '    action: noop', `    beat: "Beat ${i}"`);
  if (i >= 20) lines.push(`    depends_on: [s${i - 20}]`);
}
const yaml = lines.join('\n') + '\n';
const { definition } = parseWorkflow(yaml, { file: 'p.yaml', actions: builtinActionSpecs });
const tdb = await createTestPostgresDatabase();
const db = await openDatabase({ databaseUrl: tdb.url, workspaceDir: '/tmp' });
const store = createStore(db.prisma);
const run = await store.runs.create({ workflowName: 'prof', workspaceDir: '/tmp', definitionYaml: yaml, definition, inputs: {}, triggeredBy: 'manual', lease: { owner: 'x', ttlMs: 600000 } });
const t0 = Date.now() - N * 100;
await db.prisma.$executeRaw`UPDATE "step_runs" SET "status"='succeeded', "attempts"=1, "started_at"=to_timestamp((${t0}::bigint + "position"*100)/1000.0), "finished_at"=to_timestamp((${t0}::bigint + "position"*100+80)/1000.0), "outputs"='{}'::jsonb WHERE "run_id"=${run.id}`;
await db.prisma.$executeRaw`INSERT INTO "attempts" ("id","run_id","step_id","number","status","started_at","finished_at","exit_code") SELECT gen_random_uuid()::text, "run_id","step_id",1,"status","started_at","finished_at",0 FROM "step_runs" WHERE "run_id"=${run.id}`;
await db.prisma.$executeRaw`INSERT INTO "events" ("run_id","seq","type","at","step_id","attempt","story_kind","story_text") SELECT ${run.id}, g, CASE WHEN g%2=0 THEN 'step.started' ELSE 'step.succeeded' END, to_timestamp((${t0}::bigint + g*50)/1000.0), 's'||(g/2), 1, CASE WHEN g%2=0 THEN 'rising' ELSE 'beat' END, 'Beat text number '||g FROM generate_series(1, ${N * 2}) g`;
await db.prisma.$executeRaw`UPDATE "runs" SET "status"='failed', "last_seq"=${N * 2}, "lease_owner"=NULL WHERE "id"=${run.id}`;
const time = async (label, f) => { const s = performance.now(); const r = await f(); console.log(label.padEnd(28), (performance.now() - s).toFixed(0), 'ms'); return r; };
for (let k = 0; k < 1; k++) {
  const r = await time('store.runs.get', () => store.runs.get(run.id));
  const ev = await time('events.list 10000', () => store.events.list(run.id, 0, 10000));
  const tail = await time('events.list tail 300', () => store.events.list(run.id, N * 2 - 300, 300));
  await time('storyOutline', () => storyOutline(db.prisma, run.id, N * 2));
  const j = await time('runToJson (tail)', () => runToJson(r, tail));
  const s = await time('JSON.stringify', () => JSON.stringify(j));
  console.log("bytes", s.length, "steps part", JSON.stringify(j.steps).length, JSON.stringify(j.steps[7]));
  await time('raw steps select', () => db.prisma.$queryRaw`SELECT * FROM "step_runs" WHERE "run_id"=${run.id}`);
  await time('prisma findMany steps', () => db.prisma.stepRun.findMany({ where: { runId: run.id }, include: { attemptHistory: true } }));
}
await db.close();
await tdb.drop();
