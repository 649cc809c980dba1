import type { PrismaClient } from './generated/prisma/client.ts';
import { toDecisionRecord } from './mappers.ts';
import type { DecisionRecord, NewDecision } from './records.ts';
import { notifyRunSignal } from './run-signals.ts';

/** Approvals and rejections of a waiting step's attempt, in the order they were made. */
export class Decisions {
  constructor(private readonly prisma: PrismaClient) {}

  /** Records an approval or rejection of a waiting step's attempt. */
  async record(decision: NewDecision): Promise<DecisionRecord> {
    const row = await this.prisma.decision.create({ data: decision });
    // the runner waiting on the step reads it now instead of at its next safety poll
    await notifyRunSignal(this.prisma, 'decision', decision.runId);
    return toDecisionRecord(row);
  }

  /** Decisions on one attempt of a step, oldest first, after the given id. */
  async list(
    runId: string,
    stepId: string,
    attempt: number,
    afterId: bigint = 0n,
  ): Promise<DecisionRecord[]> {
    const rows = await this.prisma.decision.findMany({
      where: { runId, stepId, attempt, id: { gt: afterId } },
      orderBy: { id: 'asc' },
    });
    return rows.map(toDecisionRecord);
  }
}
