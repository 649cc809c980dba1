'use client';

import { createContext, type ReactNode, useContext } from 'react';
import type { RunnerEndpoints } from './env';

const RunnerContext = createContext<RunnerEndpoints | null>(null);

export function RunnerProvider({
  runner,
  children,
}: {
  runner: RunnerEndpoints;
  children: ReactNode;
}) {
  return <RunnerContext.Provider value={runner}>{children}</RunnerContext.Provider>;
}

/** The runner this page talks to. */
export function useRunner(): RunnerEndpoints {
  const runner = useContext(RunnerContext);
  if (!runner) throw new Error('useRunner needs a RunnerProvider above it');
  return runner;
}
