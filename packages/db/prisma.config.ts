// Used by the prisma CLI only (generate, migrate diff). The JS (WASM) schema engine with a
// driver adapter avoids the native engines, which cannot be downloaded here.
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  experimental: { adapter: true },
  engine: 'js',
  // allowExitOnIdle: otherwise the idle connection keeps the CLI alive for 10 s after it is done.
  adapter: async () => new PrismaPg({ connectionString: url, allowExitOnIdle: true }),
});
