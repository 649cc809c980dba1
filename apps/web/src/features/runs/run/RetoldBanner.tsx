import Link from 'next/link';
import type { RunDetail } from '@/lib/api-types';
import textCss from '@/ui/text.module.css';
import styles from './RetoldBanner.module.css';
import { retoldFromText } from './retell';

/** On a rerun: which run it re-tells, from where, and how many steps it took over. */
export function RetoldBanner({ retoldFrom }: { retoldFrom: NonNullable<RunDetail['retoldFrom']> }) {
  const { lead, runId, tail } = retoldFromText(retoldFrom);
  return (
    <p className={styles.banner} data-testid="retold-banner">
      <span className={styles.icon} aria-hidden>
        ↺
      </span>
      <span>
        {lead}{' '}
        <Link href={`/runs/${runId}`} className={`${textCss.mono} ${styles.link}`}>
          {runId}
        </Link>
        {tail}
      </span>
    </p>
  );
}
