import type { PrismaClient } from './generated/prisma/client.ts';
import type { ScheduleTick } from './trigger-records.ts';

/**
 * Schedule ticks that fired. The key (workspace, workflow, schedule, fire time) is unique, so
 * however many runners see a tick, exactly one claims it and starts the run.
 */
export class ScheduleFires {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * True for exactly one caller per tick (`INSERT … ON CONFLICT DO NOTHING`), whatever the
   * number of runners racing for it; false for everyone else. `fireTime` is stored to the
   * millisecond: pass the tick's nominal time, not the moment the timer woke.
   */
  async claimFire(tick: ScheduleTick, claimedBy?: string): Promise<boolean> {
    const { count } = await this.prisma.scheduleFire.createMany({
      data: { ...tick, claimedBy: claimedBy ?? null },
      skipDuplicates: true,
    });
    return count > 0;
  }

  /** The latest tick of the schedule that fired, or null: where a catch-up starts from. */
  async lastFire(tick: Omit<ScheduleTick, 'fireTime'>): Promise<Date | null> {
    const row = await this.prisma.scheduleFire.findFirst({
      where: tick,
      orderBy: { fireTime: 'desc' },
      select: { fireTime: true },
    });
    return row?.fireTime ?? null;
  }
}
