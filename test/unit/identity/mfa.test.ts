import { describe, expect, it } from 'vitest';
import { mfaGuarded, mustEnrolMfa } from '../../../src/identity/mfa';

describe('where an admin or operator without an authenticator app is refused', () => {
  it('guards the staff and operator APIs, reads included', () => {
    for (const path of ['/admin/products', '/admin/users', '/admin/products/p1/inventory/history', '/platform/tenants', '/platform/tenants/acme/suspend']) {
      expect(mfaGuarded(path), path).toBe(true);
    }
  });

  it('leaves the sign-in, enrolment and sign-out routes and the pages open, so they can enrol', () => {
    for (const path of [
      '/auth/me',
      '/auth/mfa/setup',
      '/auth/session/mfa/verify',
      '/auth/logout',
      '/platform/auth/mfa/setup',
      '/platform/auth/session/logout',
      '/admin',
      '/platform',
      '/',
      '/account',
      '/products',
    ]) {
      expect(mfaGuarded(path), path).toBe(false);
    }
  });

  it('asks it of admins and operators only', () => {
    expect(['customer', 'clerk', 'admin', 'operator'].filter((role) => mustEnrolMfa(role as never))).toEqual(['admin', 'operator']);
  });
});
