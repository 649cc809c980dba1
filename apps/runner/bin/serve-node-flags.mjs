// Node options for a long-lived `arcflow serve`, set where Arcflow starts it (`npm start`,
// `npm run arcflow`); by hand: `node --max-semi-space-size=1 --v8-pool-size=1 apps/runner/bin/arcflow.mjs serve`.
// They cannot be set once the process runs. Measured in docs/performance.md (issue 16):
// idle RSS on PGlite ~185 → ~150 MB, peak of a 3,000-step run 247 → 206 MB, CPU unchanged.
export const SERVE_NODE_FLAGS = [
  // The young generation's two halves stay at 1 MB instead of growing to 16 MB each: the
  // runner's garbage is small and short-lived, so the scavenges stay cheap.
  '--max-semi-space-size=1',
  // One V8 helper thread instead of four: each kept its own malloc arena of freed compiler memory.
  '--v8-pool-size=1',
];
