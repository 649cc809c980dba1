import { UserError } from '../errors.ts';

export class DeliveryNotFoundError extends UserError {
  constructor(readonly deliveryRowId: string) {
    super(`no delivery ${deliveryRowId} in this workspace`);
  }
}

/** A delivery that cannot be processed again (refused, cut, or its workflow is gone). */
export class RedeliveryRefusedError extends UserError {}
