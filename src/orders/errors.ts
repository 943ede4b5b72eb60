import { ConflictError, DomainError, NotFoundError, ValidationError } from '../shared/errors';
import { MAX_ORDER_LINES } from '../shopping/limits';
import type { OrderStatus } from './order';

/** Some line asks for more than is left: 409, the same order may go through with fewer. */
export class InsufficientStockError extends DomainError {
  readonly status = 409;
  readonly code = 'insufficient-stock';
  constructor(lines: { productId: string; variantId: string; available: number }[]) {
    super('Not enough stock left for some lines of this order; lower their quantities to what is available.', { extra: { lines } });
  }
}

export class TooManyLinesError extends ValidationError {
  constructor(count: number) {
    super(`An order holds at most ${MAX_ORDER_LINES} lines (different variants); this one has ${count}.`, [
      { path: 'lines', message: `must have at most ${MAX_ORDER_LINES} different variants` },
    ]);
  }
}

/** The card was refused: nothing was reserved or charged. */
export class PaymentDeclinedError extends DomainError {
  readonly status = 422;
  readonly code = 'payment-declined';
  constructor() {
    super('The card was declined; nothing was charged and no stock is held. Try another card.');
  }
}

export class OrderNotFoundError extends NotFoundError {
  constructor() {
    super('No such order in this store.');
  }
}

/** The change does not apply to an order in this status (say, fulfilling an unpaid one). */
export class OrderStatusError extends ConflictError {
  constructor(status: OrderStatus, wanted: string) {
    super(`An order that is ${status} cannot be ${wanted}.`, { extra: { orderStatus: status } });
  }
}

/** The order's stock kept losing races with other writers: the client may retry in a moment. */
export class OrderBusyError extends DomainError {
  readonly status = 409;
  readonly code = 'write-conflict';
  override readonly retryAfterSeconds = 1;
  constructor() {
    super('The stock of this order is being changed by many others right now; try again in a moment.');
  }
}
