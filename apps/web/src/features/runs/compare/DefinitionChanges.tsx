import { exhaustive } from '@/lib/exhaustive';
import textCss from '@/ui/text.module.css';
import { UnifiedDiff } from '@/ui/UnifiedDiff';
import styles from './DefinitionChanges.module.css';
import type { DefinitionDiff } from './types';

type WorkflowChange = DefinitionDiff['workflow'][number];

function workflowChangeText(change: WorkflowChange): string {
  switch (change.part) {
    case 'env':
      return `env: ${change.keys.join(', ')}`;
    case 'inputs':
      return `inputs: ${change.names.join(', ')}`;
    case 'max_parallel':
      return `max_parallel: ${change.before ?? 'default'} → ${change.after ?? 'default'}`;
    case 'name':
      return `name: ${change.before} → ${change.after}`;
    case 'text':
      return `${change.fields.join(', ')}`;
    default:
      return exhaustive(change);
  }
}

/** What changed in the definition from B's revision to A's: steps, workflow, and the YAML. */
export function DefinitionChanges({ diff, yamlDiff }: { diff: DefinitionDiff; yamlDiff: string }) {
  const steps = diff.steps.filter((s) => s.kind !== 'unchanged');
  if (steps.length === 0 && diff.workflow.length === 0 && yamlDiff === '') {
    return <p className={`${styles.empty} ${textCss.muted}`}>Both ran the same definition.</p>;
  }
  return (
    <div className={styles.body} data-testid="definition-changes">
      {steps.length > 0 || diff.workflow.length > 0 ? (
        <ul className={styles.changes}>
          {steps.map((change) => (
            <li key={change.step} data-kind={change.kind}>
              <span className={`${styles.kind} ${styles[change.kind]}`}>{change.kind}</span>
              <span className={textCss.mono}>{change.step}</span>
              <span className={textCss.muted}>
                {change.kind === 'changed'
                  ? [...change.parts, ...change.cosmetic].join(', ')
                  : change.kind === 'cosmetic'
                    ? `${change.cosmetic.join(', ')} (how it is told)`
                    : change.kind === 'added'
                      ? 'only in A'
                      : 'only in B'}
              </span>
            </li>
          ))}
          {diff.workflow.map((change) => (
            <li key={change.part} data-kind="workflow">
              <span className={`${styles.kind} ${styles.changed}`}>workflow</span>
              <span className={textCss.muted}>{workflowChangeText(change)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {yamlDiff ? <UnifiedDiff text={yamlDiff} testId="yaml-diff" /> : null}
    </div>
  );
}
