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
    /** A signed-out session of one of the store's users, until its tokens expire (table TTL). */
    revokedSession: (sessionId: string) => ({ PK: `${t}SESSION#${sessionId}`, SK: '#REVOKED' }),
    allProducts: `${t}PRODUCTS`,
    activeProducts: `${t}ACTIVE`,
  };
};

export const platformKeys = {
  tenant: (id: string) => ({ PK: `PLATFORM#TENANT#${id}`, SK: '#TENANT' }),
  domain: (domain: string) => ({ PK: `PLATFORM#DOMAIN#${domain}`, SK: '#DOMAIN' }),
  tenantList: 'PLATFORM#TENANTS',
  /** A signed-out operator session (store users' sessions live under their store's keys). */
  revokedSession: (sessionId: string) => ({ PK: `PLATFORM#REVOKED#${sessionId}`, SK: '#REVOKED' }),
  /** An operator's own record (their MFA enrolment); operators have no store to keep it in. */
  operator: (userId: string) => ({ PK: `PLATFORM#OPERATOR#${userId}`, SK: '#OPERATOR' }),
};
