import styles from './UnifiedDiff.module.css';

function lineClass(line: string): string | undefined {
  if (line.startsWith('+++') || line.startsWith('---')) return styles.lineHead;
  if (line.startsWith('@@')) return styles.lineHunk;
  if (line.startsWith('+')) return styles.lineAdd;
  if (line.startsWith('-')) return styles.lineRemove;
  return undefined;
}

/** A unified diff (as the runner makes it), each line coloured by what it is. */
export function UnifiedDiff({ text, testId }: { text: string; testId?: string }) {
  return (
    <pre className={styles.diff} data-testid={testId}>
      {text
        .trimEnd()
        .split('\n')
        .map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: diff lines are positional
          <span key={index} className={lineClass(line)}>
            {`${line}\n`}
          </span>
        ))}
    </pre>
  );
}
