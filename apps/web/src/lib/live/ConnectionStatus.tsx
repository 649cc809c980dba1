import styles from './ConnectionStatus.module.css';
import { CONNECTION_LABEL, type Connection } from './connection';

/** The dot and word that say whether a page is live. */
export function ConnectionStatus({
  connection,
  className,
  closedLabel,
}: {
  connection: Connection;
  className?: string;
  /** What `closed` is called here, when "offline" is not the word. */
  closedLabel?: string;
}) {
  const label = connection === 'closed' && closedLabel ? closedLabel : CONNECTION_LABEL[connection];
  return (
    <span
      className={[styles.conn, styles[connection], className].filter(Boolean).join(' ')}
      data-testid="connection"
      data-connection={connection}
    >
      {label}
    </span>
  );
}
