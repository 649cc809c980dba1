import { describe, expect, it } from 'vitest';
import { storageFailureReason } from '../src/errors.ts';

describe('storageFailureReason', () => {
  it("keeps only the driver's reason from a Prisma message with a code frame", () => {
    const prisma = new Error(
      '\nInvalid `this.prisma.logChunk.createMany()` invocation in\n/repo/packages/db/src/repository.ts:253:32\n\n  250 \n→ 253   await this.prisma.logChunk.createMany(\nServer has closed the connection.',
    );
    expect(storageFailureReason(prisma)).toBe('Server has closed the connection.');
  });

  it('adds a system error code the message does not already name', () => {
    const refused = Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' });
    expect(storageFailureReason(refused)).toBe('connect failed (ECONNREFUSED)');
    const named = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(storageFailureReason(named)).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });
});
