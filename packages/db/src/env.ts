/** The environment the db package reads (tests and tooling only), in this one place. */

/** The server tests create their databases on (it must allow CREATE DATABASE). */
export const TEST_ADMIN_URL =
  process.env.ARCFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** This process's environment, for the tools (the Prisma CLI) a test starts. */
export const processEnvironment = (): Record<string, string | undefined> => ({ ...process.env });
