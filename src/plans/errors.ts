import { DomainError } from '../shared/errors';
import type { CountedResource } from './plans';

/**
 * A creation the store's plan does not allow any more: 409 (the request is fine, the store's state
 * refuses it, and removing something or upgrading makes the same request succeed), `plan-limit`,
 * with the resource, the plan's limit and what the store uses in the body.
 */
export class PlanLimitError extends DomainError {
  readonly status = 409;
  readonly code = 'plan-limit';
  constructor(
    readonly resource: CountedResource | 'variantsPerProduct' | 'customDomains' | 'customerGroups',
    readonly limit: number,
    readonly used: number,
  ) {
    const has = resource === 'variantsPerProduct' ? `this product would have ${used}` : `the store has ${used}`;
    super(`Your plan allows ${limit} ${NAMES[resource]} and ${has}: remove some or upgrade the plan.`, { extra: { resource, limit, used } });
  }
}

const NAMES: Record<CountedResource | 'variantsPerProduct' | 'customDomains' | 'customerGroups', string> = {
  products: 'products',
  staff: 'staff accounts',
  storageBytes: 'bytes of images',
  variantsPerProduct: 'variants in one product',
  customDomains: 'custom domains',
  customerGroups: 'customer groups',
};
