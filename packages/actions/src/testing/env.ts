import { tmpdir } from 'node:os';

/** The machine's variables the actions' tests hand on to the processes they start. */
export const TEST_PATH = process.env.PATH ?? '/usr/bin:/bin';
export const TEST_HOME = process.env.HOME ?? tmpdir();
