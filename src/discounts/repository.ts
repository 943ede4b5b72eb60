import type { IdempotentCommit } from '../shared/idempotency';
import type { TenantContext } from '../tenants/tenant';
import type { Discount } from './discount';

/** Uses counted so far: over all orders, and by one buyer. */
export type Usage = { total: number; buyer: number };

/**
 * One discount's counters moving in an order's transaction (docs/discounts.md, "Counting uses"):
 * `+1` when the order is placed, conditioned on the discount being exactly as evaluated
 * (`version`) and on each counter staying under its limit; `−1` when it is given back.
 */
export type DiscountUseMove = {
  discountId: string;
  buyer: string;
  delta: 1 | -1;
  /** With `+1`: the version evaluated, and the limits the counters must stay within. */
  version?: number;
  usageLimit?: number | null;
  perCustomerLimit?: number | null;
};

export interface DiscountRepository {
  /** Every discount of the store (at most MAX_DISCOUNTS): one consistent Query. */
  list(tenant: TenantContext): Promise<Discount[]>;
  get(tenant: TenantContext, id: string): Promise<Discount | undefined>;
  /** With its code's claim (a code taken is a 409). */
  create(tenant: TenantContext, discount: Discount, commit?: IdempotentCommit): Promise<void>;
  /** Conditioned on `previous.version`; moves the code's claim when the code changes. */
  update(tenant: TenantContext, previous: Discount, next: Discount): Promise<void>;
  /** The discount and its code's claim; its counters stay (an order placed with it may still give a use back). */
  remove(tenant: TenantContext, previous: Discount): Promise<void>;
  /** Uses so far by discount id (`buyer`: that buyer's too; null: none counted). */
  usage(tenant: TenantContext, ids: readonly string[], buyer: string | null): Promise<Map<string, Usage>>;
}
