import type { RunDetail } from '@/lib/api-types';
import textCss from '@/ui/text.module.css';
import { incidentFacts } from '../trigger';
import styles from './IncidentBanner.module.css';
import { incidentText } from './incident';

/** The top of the run's page: what set the story going ("Ada pushed 3 commits to main"). */
export function IncidentBanner({ run }: { run: RunDetail }) {
  const text = incidentText(run);
  if (!text) return null;
  const facts = run.trigger ? incidentFacts(run.trigger) : [];
  return (
    <p className={styles.banner} data-testid="inciting-incident">
      <span className={styles.label}>Inciting incident</span>
      <span className={styles.text}>{text}</span>
      {facts.length > 0 ? (
        <span className={styles.facts}>
          {facts.map((fact) => (
            <span key={fact} className={`${styles.fact} ${textCss.mono}`}>
              {fact}
            </span>
          ))}
        </span>
      ) : null}
    </p>
  );
}
