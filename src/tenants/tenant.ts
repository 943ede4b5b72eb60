import * as v from 'valibot';
import { defaultSettings, type StoreSettings } from '../settings/store-settings';

/**
 * A tenant id is the store's slug: short, immutable, URL- and key-safe. It can never contain
 * `#`, so `TENANT#<id>#` always ends exactly where the id ends.
 */
export const TenantIdSchema = v.pipe(v.string(), v.regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'must be 1-40 lowercase letters, digits or inner hyphens'));

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * An IP address in any form a Host header or a browser accepts: v4, v6, bracketed, with a port, or
 * the shorthands browsers read as IPv4 (`127.1`, `0x7f.1`: a last label that is a number).
 */
export function isIpAddress(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return true;
  const withoutPort = h.replace(/:\d*$/, '').replace(/\.$/, '');
  // No host name has a colon once a port is gone: what is left is an IPv6 address.
  if (withoutPort.includes(':')) return true;
  const last = withoutPort.split('.').at(-1) ?? '';
  return /^(?:\d+|0x[0-9a-f]*)$/.test(last);
}

/**
 * A store's host name, lower-case, no port; `*.localhost` is allowed for local development. Never
 * an IP address: an address is shared by everything on it (the platform's own hosts included) and
 * a store claiming one would be served to whoever reached the platform by address.
 */
export const DomainSchema = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(253),
  // One check, so an address gets the one message that says what is wrong with it.
  v.check(
    (host) => !isIpAddress(host) && HOST_NAME.test(host),
    (issue) =>
      typeof issue.input === 'string' && isIpAddress(issue.input)
        ? 'must be a host name such as shop.example.com, not an IP address'
        : 'must be a host name such as shop.example.com',
  ),
);

/** Host header to a domain-map key: lower-case, port and trailing dot removed. */
export function normaliseHost(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const withoutPort = host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  return withoutPort.length > 0 && withoutPort.length <= 253 ? withoutPort : undefined;
}

export const TenantTierSchema = v.picklist(['basic', 'standard', 'premium']);
export const TenantStatusSchema = v.picklist(['active', 'suspended', 'closing']);

export type TenantTier = v.InferOutput<typeof TenantTierSchema>;
export type TenantStatus = v.InferOutput<typeof TenantStatusSchema>;

declare const resolvedTenant: unique symbol;

/**
 * The tenant a request acts for. Only the tenant resolver (and the seeding/operator code that
 * creates tenants) can mint one, through `tenantContext()`: a repository call therefore cannot be
 * written with a bare string taken from a body or a query string.
 */
export type TenantContext = {
  readonly id: string;
  readonly name: string;
  readonly tier: TenantTier;
  readonly status: TenantStatus;
  /** Read with the store (its record carries them): currency, tax, shipping, … at no extra round trip. */
  readonly settings: Readonly<StoreSettings>;
  /** The store's first domain: where its canonical URLs, sitemap and robots.txt point. */
  readonly primaryDomain?: string | undefined;
  readonly [resolvedTenant]: true;
};

export function tenantContext(t: {
  id: string;
  name: string;
  tier: TenantTier;
  status: TenantStatus;
  settings?: StoreSettings | undefined;
  domains?: readonly string[] | undefined;
}): TenantContext {
  const settings = Object.freeze(t.settings ?? defaultSettings());
  const primaryDomain = t.domains?.[0];
  return Object.freeze({ id: t.id, name: t.name, tier: t.tier, status: t.status, settings, ...(primaryDomain ? { primaryDomain } : {}) }) as TenantContext;
}

/** Every tenant-owned key starts here; IAM `dynamodb:LeadingKeys` relies on the trailing `#`. */
export function tenantKeyPrefix(tenant: TenantContext): string {
  return `TENANT#${tenant.id}#`;
}

/** Every tenant-owned S3 object lives under this prefix. */
export function tenantObjectPrefix(tenant: TenantContext): string {
  return `tenants/${tenant.id}/`;
}
