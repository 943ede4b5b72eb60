import type { Role } from './roles';

/** Those who can change a whole store or the platform must have a second factor; the rest may. */
export const mustEnrolMfa = (role: Role) => role === 'admin' || role === 'operator';

/**
 * Where a missing enrolment is refused: the staff API (`/admin/…`) and the operator API
 * (`/platform/…`), everything that reads or changes a store's or the platform's data. Not the
 * authentication routes (`/auth/…`, `/platform/auth/…`: enrolment, sign-in, refresh, sign-out,
 * who-am-I) and not the pages (`/admin`, `/platform`, the storefront), which hold no data and
 * show how to enrol.
 */
export function mfaGuarded(path: string): boolean {
  if (path.startsWith('/platform/auth/')) return false;
  return path.startsWith('/admin/') || path.startsWith('/platform/');
}
