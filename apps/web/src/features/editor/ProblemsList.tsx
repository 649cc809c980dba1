import type { Diagnostic } from '@/lib/api-types';

/** The engine's diagnostics under the editor; clicking one puts the cursor on it. */
export function ProblemsList({
  diagnostics,
  checking,
  refusal,
  onReveal,
}: {
  diagnostics: Diagnostic[];
  checking: boolean;
  refusal: string | null;
  onReveal: (line: number, column: number) => void;
}) {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return (
    <section className="problems" aria-label="Problems" data-testid="problems">
      <header className="problems-head">
        <strong>Problems</strong>
        {errors > 0 ? (
          <span className="badge tone-failed">
            {errors} {errors === 1 ? 'error' : 'errors'}
          </span>
        ) : null}
        {warnings > 0 ? (
          <span className="badge tone-waiting">
            {warnings} {warnings === 1 ? 'warning' : 'warnings'}
          </span>
        ) : null}
        {diagnostics.length === 0 && !checking ? (
          <span className="badge tone-succeeded">valid</span>
        ) : null}
        {checking ? <span className="muted">checking…</span> : null}
      </header>
      {refusal ? (
        <p className="form-error problems-refusal" role="alert" data-testid="save-refusal">
          {refusal}
        </p>
      ) : null}
      {diagnostics.length === 0 ? (
        <p className="problems-empty muted">No problems: the engine accepts this workflow.</p>
      ) : (
        <ul className="problems-list">
          {diagnostics.map((d) => (
            <li key={`${d.line}:${d.column}:${d.code}:${d.message}`}>
              <button
                type="button"
                onClick={() => onReveal(d.line, d.column)}
                className={`problem sev-${d.severity}`}
              >
                <span className="problem-sev" title={d.severity}>
                  {d.severity === 'error' ? '●' : '▲'}
                </span>
                <span className="problem-msg">{d.message}</span>
                <span className="problem-code mono">{d.code}</span>
                <span className="problem-pos mono">
                  {d.line}:{d.column}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
