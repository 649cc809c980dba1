import { join } from 'node:path';
import { readText } from '../files.ts';

const MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];

/**
 * The targets a Makefile declares (`build:`, `test: build`), or undefined without one. Read,
 * not run: pattern rules, variables (`CC := gcc`) and special targets (`.PHONY`) are left out.
 */
export async function makeTargets(dir: string): Promise<Set<string> | undefined> {
  for (const name of MAKEFILES) {
    const text = await readText(join(dir, name));
    if (text === undefined) continue;
    const targets = new Set<string>();
    for (const line of text.split('\n')) {
      const match =
        /^([A-Za-z0-9_][A-Za-z0-9_./-]*(?:\s+[A-Za-z0-9_][A-Za-z0-9_./-]*)*)\s*:(?![:=])/.exec(
          line,
        );
      if (!match?.[1]) continue;
      for (const target of match[1].split(/\s+/)) targets.add(target);
    }
    return targets;
  }
  return undefined;
}
