/** One problem found in a workflow definition, located in its source text (1-based). */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  /** A stable machine-readable code, e.g. `duplicate-id`, `cycle`, `unknown-action`. */
  code: DiagnosticCode;
  message: string;
  severity: 'error' | 'warning';
}

export type DiagnosticCode =
  | 'yaml-syntax'
  | 'too-large'
  | 'alias-bomb'
  | 'too-deep'
  | 'too-many-steps'
  | 'schema'
  | 'duplicate-id'
  | 'unknown-action'
  | 'unknown-universe'
  | 'missing-dependency'
  | 'cycle'
  | 'bad-input'
  | 'bad-cron'
  | 'unknown-timezone'
  | 'bad-glob'
  | 'unknown-workflow';

/** `file:line:col: message`, the one-line form the CLI prints. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}
