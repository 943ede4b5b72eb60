import { TenantIdSchema } from '../tenants/tenant';
import * as v from 'valibot';

/**
 * Slugs no store may take: `platform` is the operators' username space (`platform:<email>`), and
 * the rest name the platform's own hosts or services (`www.`, `api.`, `status.` of the platform's
 * domain) or would pass for them in a link a store owner could send around.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'platform',
  'admin',
  'api',
  'www',
  'app',
  'apps',
  'mail',
  'email',
  'smtp',
  'imap',
  'pop',
  'ftp',
  'static',
  'assets',
  'cdn',
  'media',
  'img',
  'images',
  'status',
  'health',
  'help',
  'support',
  'docs',
  'blog',
  'dev',
  'test',
  'staging',
  'prod',
  'localhost',
  'auth',
  'login',
  'signin',
  'signup',
  'account',
  'accounts',
  'billing',
  'dashboard',
  'console',
  'operator',
  'operators',
  'root',
  'security',
  'abuse',
  'postmaster',
  'webmaster',
  'hostmaster',
  'noreply',
  'no-reply',
  'ns1',
  'ns2',
  'mx',
  'shop',
  'store',
  'stores',
]);

export type SlugProblem = 'invalid' | 'reserved';

/** What is wrong with a slug on its face (before anyone asks the table), or nothing. */
export function slugProblem(slug: string): SlugProblem | undefined {
  if (!v.is(TenantIdSchema, slug)) return 'invalid';
  // Punycode labels (`xn--`) would render as another name in a browser's address bar.
  if (slug.startsWith('xn--') || slug.includes('--')) return 'invalid';
  if (RESERVED_SLUGS.has(slug)) return 'reserved';
  return undefined;
}

/** A slug from a store's name: `Tea & Co. Berlin` → `tea-co-berlin` (may still be taken or reserved). */
export function slugFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** Alternatives to offer for a slug that is taken, most alike first; each is well-formed and not reserved. */
export function slugCandidates(slug: string, count = 5): string[] {
  const base = slugFromName(slug).slice(0, 36).replace(/-+$/, '') || 'store';
  const out: string[] = [];
  for (let n = 2; out.length < count && n < 100; n++) {
    const candidate = `${base}-${n}`;
    if (!slugProblem(candidate)) out.push(candidate);
  }
  return out;
}
