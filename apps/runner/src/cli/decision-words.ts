import pc from 'picocolors';
import type { Decision } from '../service/run-service.ts';

/** `approval` or `rejection`. */
export const decisionNoun = (decision: Decision['decision']): string =>
  decision === 'approve' ? 'approval' : 'rejection';

/** `ana's approval of review`, the start of every line about a decision. */
export const describeDecision = ({ by, decision, stepId }: Decision & { by: string }): string =>
  `${pc.bold(by)}'s ${decisionNoun(decision)} of ${stepId}`;
