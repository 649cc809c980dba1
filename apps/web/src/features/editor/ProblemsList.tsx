import type { Diagnostic } from '@/lib/api-types';
import badgeCss from '@/ui/Badges.module.css';
import formCss from '@/ui/form.module.css';
import textCss from '@/ui/text.module.css';
import styles from './editor.module.css';

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
    <section className={styles.problems} aria-label="Problems" data-testid="problems">
      <header className={styles.problemsHead}>
        <strong>Problems</strong>
        {errors > 0 ? (
          <span className={`${badgeCss.badge} tone-failed`}>
            {errors} {errors === 1 ? 'error' : 'errors'}
          </span>
        ) : null}
        {warnings > 0 ? (
          <span className={`${badgeCss.badge} tone-waiting`}>
            {warnings} {warnings === 1 ? 'warning' : 'warnings'}
          </span>
        ) : null}
        {diagnostics.length === 0 && !checking ? (
          <span className={`${badgeCss.badge} tone-succeeded`}>valid</span>
        ) : null}
        {checking ? <span className={textCss.muted}>checking…</span> : null}
      </header>
      {refusal ? (
        <p
          className={`${formCss.formError} ${styles.problemsRefusal}`}
          role="alert"
          data-testid="save-refusal"
        >
          {refusal}
        </p>
      ) : null}
      {diagnostics.length === 0 ? (
        <p className={`${styles.problemsEmpty} ${textCss.muted}`}>
          No problems: the engine accepts this workflow.
        </p>
      ) : (
        <ul className={styles.problemsList}>
          {diagnostics.map((d) => (
            <li key={`${d.line}:${d.column}:${d.code}:${d.message}`}>
              <button
                type="button"
                onClick={() => onReveal(d.line, d.column)}
                className={`${styles.problem} ${d.severity === 'error' ? styles.sevError : d.severity === 'warning' ? styles.sevWarning : ''}`}
              >
                <span className={styles.problemSev} title={d.severity}>
                  {d.severity === 'error' ? '●' : '▲'}
                </span>
                <span>{d.message}</span>
                <span className={`${styles.problemCode} ${textCss.mono}`}>{d.code}</span>
                <span className={`${styles.problemPos} ${textCss.mono}`}>
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
