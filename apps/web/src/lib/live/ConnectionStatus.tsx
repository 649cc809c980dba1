import styles from './ConnectionStatus.module.css';
import { CONNECTION_LABEL, type Connection } from './connection';

/** The dot and word that say whether a page (or a log) is live. */
export function ConnectionStatus({
  connection,
  className,
  labels = CONNECTION_LABEL,
  testId = 'connection',
}: {
  connection: Connection;
  className?: string;
  /** The words for each state, when the usual ones do not fit. */
  labels?: Readonly<Record<Connection, string>>;
  /** `null`: not the page's connection, so no test id. */
  testId?: string | null;
}) {
  return (
    <span
      className={[styles.conn, styles[connection], className].filter(Boolean).join(' ')}
      data-testid={testId ?? undefined}
    >
      {labels[connection]}
    </span>
  );
}
