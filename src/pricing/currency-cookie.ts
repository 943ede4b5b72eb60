import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { TenantEnv } from '../http/env';
import { CURRENCY_COOKIE } from '../http/edge/cache-rules';
import { everyone } from '../http/middleware/access';
import type { TenantContext } from '../tenants/tenant';
import { otherCurrencies } from './other-currencies';
import type { PriceContext } from './price-context';

/** The currencies a shopper may choose in this store: its own first. */
export const storeCurrencies = (tenant: TenantContext): string[] => [tenant.settings.currency, ...otherCurrencies(tenant.settings)];

/**
 * Who this request prices for (docs/pricing.md): the currency of the `currency` cookie when the
 * store sells in it (else the store's own), and the customer group of a signed-in customer of this
 * store (the token's `priceGroup` claim). The one place the context is built; every price read
 * takes it.
 */
export function priceContextOf(c: Context<TenantEnv>): PriceContext {
  const tenant = c.get('tenant');
  const chosen = getCookie(c, CURRENCY_COOKIE)?.toUpperCase();
  const currency = chosen !== undefined && otherCurrencies(tenant.settings).includes(chosen) ? chosen : tenant.settings.currency;
  const claims = c.get('claims');
  const groupId = claims?.tenantId === tenant.id && claims.roles.includes('customer') ? claims.priceGroup : undefined;
  return groupId === undefined ? { currency } : { currency, groupId };
}

/** The header switcher's state for this page: the currency in use, the store's, and this page (path and query) to come back to. */
export function currencyChoiceOf(c: Context<TenantEnv>) {
  const url = new URL(c.req.url);
  return { current: priceContextOf(c).currency, all: storeCurrencies(c.get('tenant')), back: `${url.pathname}${url.search}` };
}

/** Where to come back to: a path of this site only (never another origin), else the catalog. */
const backPath = (back: string | undefined) => (back?.startsWith('/') && !back.startsWith('//') && !back.includes('\\') ? back : '/');

/**
 * The storefront's currency switcher (a plain GET form, so it works without a script): sets the
 * cookie (a year, this host only, readable by no script) and comes back to the page it was on. A
 * currency the store does not sell in resets to the store's own.
 */
export function currencyRoutes() {
  return new Hono<TenantEnv>().get('/currency', everyone, (c) => {
    const tenant = c.get('tenant');
    const wanted = (c.req.query('set') ?? '').toUpperCase();
    const currency = storeCurrencies(tenant).includes(wanted) ? wanted : tenant.settings.currency;
    setCookie(c, CURRENCY_COOKIE, currency, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: 365 * 24 * 60 * 60,
    });
    return c.redirect(backPath(c.req.query('back')), 303);
  });
}
