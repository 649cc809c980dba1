import type { RefObject } from 'react';
import { StatusBadge } from '@/ui/Badges';
import textCss from '@/ui/text.module.css';
import styles from './BeatsTable.module.css';
import {
  durationDelta,
  outputValue,
  sideFacts,
  VERDICT_LABEL,
  VERDICT_TONE,
} from './compare-format';
import type { CompareRow, CompareSide } from './types';

/** The beats of both runs, one row each; the first divergence's row is marked and labelled. */
export function BeatsTable({
  rows,
  divergence,
  divergenceRow,
}: {
  rows: readonly CompareRow[];
  divergence: string | null;
  divergenceRow: RefObject<HTMLTableRowElement | null>;
}) {
  return (
    <div className={styles.scroll}>
      <table className={styles.table} data-testid="compare-beats">
        <thead>
          <tr>
            <th className={styles.colBeat}>Beat</th>
            <th className={styles.colSide}>A</th>
            <th className={styles.colSide}>B</th>
            <th className={`${styles.colDelta} ${styles.num}`}>A − B</th>
            <th>Difference</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const diverges = row.step === divergence;
            return (
              <tr
                key={row.step}
                ref={diverges ? divergenceRow : undefined}
                className={diverges ? styles.diverges : undefined}
                data-step={row.step}
                data-verdict={row.verdict}
                data-divergence={diverges ? '' : undefined}
              >
                <td>
                  <div className={`${textCss.mono} ${styles.step}`}>{row.step}</div>
                  {row.beat ? <div className={styles.beat}>{row.beat}</div> : null}
                  {diverges ? (
                    <div className={styles.divergeLabel}>▶ the stories diverge here</div>
                  ) : null}
                </td>
                <td>
                  <Side side={row.a} />
                </td>
                <td>
                  <Side side={row.b} />
                </td>
                <td className={`${styles.num} ${textCss.muted}`}>
                  {durationDelta(row.durationDeltaMs)}
                </td>
                <td>
                  <Difference row={row} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Side({ side }: { side: CompareSide | null }) {
  if (side === null) return <span className={textCss.muted}>not in this run</span>;
  const facts = sideFacts(side);
  return (
    <div className={styles.side}>
      <StatusBadge status={side.status} />
      {facts ? <span className={styles.facts}>{facts}</span> : null}
    </div>
  );
}

function Difference({ row }: { row: CompareRow }) {
  const parts = row.definition.kind === 'changed' ? row.definition.parts : [];
  return (
    <div className={styles.difference}>
      <span className={`${styles.verdict} ${VERDICT_TONE[row.verdict]}`}>
        {VERDICT_LABEL[row.verdict]}
      </span>
      {parts.length > 0 && row.verdict !== 'definition-changed' ? (
        <span className={styles.defParts}>definition: {parts.join(', ')}</span>
      ) : null}
      {row.verdict === 'definition-changed' ? (
        <span className={styles.defParts}>{parts.join(', ')}</span>
      ) : null}
      {row.outputs.length > 0 ? (
        <dl className={styles.outputs}>
          {row.outputs.map((output) => (
            <div key={output.key} className={styles.output}>
              <dt className={textCss.mono}>{output.key}</dt>
              <dd className={textCss.mono}>
                <span className={styles.valueA}>{outputValue('a' in output, output.a)}</span>
                <span className={styles.arrow}>→</span>
                <span className={styles.valueB}>{outputValue('b' in output, output.b)}</span>
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
