import { domainEvent } from '../events/event';
import { NotFoundError } from '../shared/errors';
import type { TenantRegistry } from '../tenants/registry';
import type { TenantResolver } from '../tenants/resolver';
import type { TenantContext } from '../tenants/tenant';
import { defaultSettings, type StoreSettings, type StoreSettingsUpdate } from './store-settings';

export type SettingsService = ReturnType<typeof createSettingsService>;

/**
 * A store's settings. Requests read them from the resolved store (they travel on its record);
 * the console reads them consistently here before an edit, so the version it sends back is the
 * stored one, not a cached copy's.
 */
export function createSettingsService(deps: { registry: TenantRegistry; resolver: TenantResolver; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());

  async function current(tenant: TenantContext): Promise<StoreSettings> {
    const record = await deps.registry.get(tenant.id);
    if (!record) throw new NotFoundError(`No store ${tenant.id}.`);
    return record.settings ?? defaultSettings();
  }

  return {
    current,

    /** ConflictError (409) when someone saved since `input.version` was read. */
    async update(tenant: TenantContext, actor: string, input: StoreSettingsUpdate): Promise<StoreSettings> {
      const { version: readVersion, ...fields } = input;
      const next: StoreSettings = { ...fields, version: readVersion + 1 };
      const at = now().toISOString();
      const changed = Object.keys(fields).filter(
        (key) => JSON.stringify(fields[key as keyof typeof fields]) !== JSON.stringify(tenant.settings[key as keyof StoreSettings]),
      );
      const event = domainEvent('store.settings', 'StoreSettingsUpdated', { tenantId: tenant.id, actor, occurredAt: at }, { version: next.version, changed });
      await deps.registry.updateSettings(tenant.id, readVersion, next, at, [event]);
      // This instance answers with the new settings at once; others within the resolver's time to live.
      deps.resolver.forget(tenant.id);
      return next;
    },
  };
}
