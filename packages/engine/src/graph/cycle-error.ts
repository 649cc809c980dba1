/** Thrown when an order is asked of steps whose dependencies form a cycle. Not retriable. */
export class DependencyCycleError extends Error {
  override readonly name = 'DependencyCycleError';

  constructor(readonly cycle: string[]) {
    super(`dependency cycle: ${cycle.join(' -> ')}`);
  }
}
