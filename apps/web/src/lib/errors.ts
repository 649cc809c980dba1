import type { Diagnostic } from './api-types';

/** A message fit to show for whatever a tRPC call threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    if (error.message === 'Failed to fetch' || error.message.includes('fetch failed')) {
      return 'The runner does not answer. Is `arcflow serve` running?';
    }
    return error.message;
  }
  return String(error);
}

/** The engine's diagnostics a refused `workflows.save` carries in `error.data.diagnostics`. */
export function errorDiagnostics(error: unknown): Diagnostic[] {
  if (typeof error !== 'object' || error === null || !('data' in error)) return [];
  const data = (error as { data?: { diagnostics?: unknown } }).data;
  return Array.isArray(data?.diagnostics) ? (data.diagnostics as Diagnostic[]) : [];
}
