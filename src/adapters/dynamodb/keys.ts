import type { TenantContext } from '../../tenants/tenant';
import { tenantKeyPrefix } from '../../tenants/tenant';

/** Every tenant key is built here, from a resolved tenant; nothing else concatenates `TENANT#`. */
export const tenantKeys = (tenant: TenantContext) => {
  const t = tenantKeyPrefix(tenant);
  return {
    product: (id: string) => ({ PK: `${t}PRODUCT#${id}`, SK: '#PRODUCT' }),
    sku: (sku: string) => ({ PK: `${t}SKU#${sku.toUpperCase()}`, SK: '#SKU' }),
    inventoryEntry: (productId: string, occurredAt: string, eventId: string) => ({
      PK: `${t}PRODUCT#${productId}`,
      SK: `INV#${occurredAt}#${eventId}`,
    }),
    outbox: (occurredAt: string, eventId: string) => ({ PK: `${t}OUTBOX`, SK: `${occurredAt}#${eventId}` }),
    outboxPartition: `${t}OUTBOX`,
    user: (userId: string) => ({ PK: `${t}USER#${userId}`, SK: '#USER' }),
    userList: `${t}USERS`,
    userStats: { PK: `${t}USERSTATS`, SK: '#STATS' },
    allProducts: `${t}PRODUCTS`,
    activeProducts: `${t}ACTIVE`,
  };
};

export const platformKeys = {
  tenant: (id: string) => ({ PK: `PLATFORM#TENANT#${id}`, SK: '#TENANT' }),
  domain: (domain: string) => ({ PK: `PLATFORM#DOMAIN#${domain}`, SK: '#DOMAIN' }),
  tenantList: 'PLATFORM#TENANTS',
};

/**
 * Sign-in sessions the API issued, under the store's keys for its users (so the tenant-scoped
 * role reaches them and one BatchGetItem reads a user's record with their token's link) and under
 * `PLATFORM#` for operators: the session, one link per ID token handed out for it, and the
 * user's sessions (GSI1) so a password reset can end them all.
 */
export const sessionKeys = (space: TenantContext | 'platform') => {
  const p = space === 'platform' ? 'PLATFORM#' : tenantKeyPrefix(space);
  return {
    session: (sessionId: string) => ({ PK: `${p}SESSION#${sessionId}`, SK: '#SESSION' }),
    token: (tokenId: string) => ({ PK: `${p}SESSION#TOKEN#${tokenId}`, SK: '#TOKEN' }),
    userSessions: (userId: string) => `${p}SESSIONS#${userId}`,
  };
};
