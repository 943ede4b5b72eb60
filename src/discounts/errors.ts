import { ConflictError, DomainError } from '../shared/errors';
import type { Rejection } from './discount';

export class DiscountNotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'not-found';
  constructor() {
    super('No such discount in this store.');
  }
}

export class DiscountCodeTakenError extends ConflictError {
  constructor(code: string) {
    super(`Another discount of this store already has the code ${code}.`, { extra: { field: 'code' } });
  }
}

export class StaleDiscountError extends ConflictError {
  constructor() {
    super('This discount was changed by someone else since it was read; read it again.');
  }
}

export class TooManyDiscountsError extends DomainError {
  readonly status = 422;
  readonly code = 'too-many-discounts';
  constructor(max: number) {
    super(`A store keeps at most ${max} discounts; delete one that has ended first.`);
  }
}

/**
 * A code the shopper entered no longer applies when the order is placed (used up by others since
 * the quote, expired, …): nothing is charged or reserved, and the answer says why, per code.
 */
export class DiscountNotApplicableError extends DomainError {
  readonly status = 422;
  readonly code = 'discount-not-applicable';
  constructor(readonly rejected: Rejection[]) {
    super(`A discount code of this order does not apply: ${rejected.map((r) => `${r.code}: ${r.message}`).join(' ')}`, { extra: { rejected } });
  }
}
