import type { TenantContext } from '../tenants/tenant';

/** The customer whose data is exported or erased, as their signed-in session names them. */
export type DataSubject = {
  userId: string;
  /** `<tenantId>:<email>`: how orders' histories and the pool name them. */
  username: string;
  email: string;
};

/**
 * One module's share of a customer's data (docs/privacy.md). Each module that keeps something of
 * a customer registers one source in src/privacy/sources.ts (`customerDataSources`): orders,
 * addresses, wishlist and cart today; reviews register theirs the same way. The export is one
 * JSON object with a key per source; deleting an account erases every source before the account
 * itself goes, so a deletion that fails part-way can simply be asked for again.
 */
export interface CustomerDataSource {
  /** The source's key in the export (`orders`, `wishlist`, `reviews`). */
  readonly name: string;
  /** What this module holds of the person, as plain JSON. */
  export(tenant: TenantContext, subject: DataSubject): Promise<unknown>;
  /** Removes (or, where the store must keep it, anonymises) it; running it twice does no harm. Answers how many items changed. */
  erase(tenant: TenantContext, subject: DataSubject): Promise<number>;
}
