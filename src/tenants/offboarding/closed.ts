import { DomainError } from '../../shared/errors';

/**
 * A closing store's storefront, carts, checkout and customer accounts answer this: a 404 with the
 * code `store-closed`, not a 410 Gone, because the store may yet be restored in its grace period
 * (Gone says it will never come back), and every store route's contract already has its 404.
 */
export class StoreClosedError extends DomainError {
  readonly status = 404;
  readonly code = 'store-closed';
  constructor(name: string) {
    super(`The store ${name} is closed.`);
  }
}

/** What staff of a closing store still reach: the console, its API (each route keeps its own guard) and sign-in. */
export function staffMayReach(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/') || path.startsWith('/auth/');
}
