/** The resolver cache's edges: default miss lifetime, exact expiry, the size bound, and what forget leaves alone. */
import { describe, expect, it, vi } from 'vitest';
import type { TenantRecord, TenantRegistry } from '../../../src/tenants/registry';
import { createTenantResolver } from '../../../src/tenants/resolver';

const rec = (id: string): TenantRecord => ({ id, name: id, domains: [`shop.${id}.test`], tier: 'basic', status: 'active', createdAt: 'x', updatedAt: 'x' });
const records = { 'shop.acme.test': rec('acme'), 'shop.beta.test': rec('beta') };

function registryDouble() {
  return {
    findByDomain: vi.fn(async (domain: string) => records[domain as keyof typeof records]),
    get: vi.fn(async (id: string) => Object.values(records).find((r) => r.id === id)),
    create: vi.fn(),
    setStatus: vi.fn(),
    list: vi.fn(),
    updateSettings: vi.fn(),
    setTier: vi.fn(),
  } satisfies TenantRegistry;
}

describe('tenant resolver cache', () => {
  it('keeps a miss for the time to live, at most 5 s, when no miss lifetime is given', async () => {
    let clock = 0;
    const registry = registryDouble();
    const long = createTenantResolver({ registry, ttlMs: 30_000, now: () => clock });
    await long.byHost('nobody.test');
    clock = 4_999;
    await long.byHost('nobody.test');
    expect(registry.findByDomain).toHaveBeenCalledTimes(1);
    clock = 5_000;
    await long.byHost('nobody.test');
    expect(registry.findByDomain).toHaveBeenCalledTimes(2);

    clock = 0;
    const short = registryDouble();
    const brief = createTenantResolver({ registry: short, ttlMs: 1_000, now: () => clock });
    await brief.byHost('nobody.test');
    clock = 1_000;
    await brief.byHost('nobody.test');
    expect(short.findByDomain).toHaveBeenCalledTimes(2);
  });

  it('looks again at the very moment an entry expires', async () => {
    let clock = 0;
    const registry = registryDouble();
    const resolver = createTenantResolver({ registry, ttlMs: 1_000, now: () => clock });
    await resolver.byId('acme');
    clock = 999;
    await resolver.byId('acme');
    expect(registry.get).toHaveBeenCalledTimes(1);
    clock = 1_000;
    await resolver.byId('acme');
    expect(registry.get).toHaveBeenCalledTimes(2);
  });

  it('starts afresh when 10,000 entries are cached, so made-up hosts cannot grow it without bound', async () => {
    const registry = registryDouble();
    const resolver = createTenantResolver({ registry, ttlMs: 30_000 });
    await resolver.byHost('shop.acme.test');
    for (let i = 1; i < 10_000; i++) await resolver.byHost(`h${i}.test`);
    // 10,000 entries: the first is still cached.
    await resolver.byHost('shop.acme.test');
    expect(registry.findByDomain).toHaveBeenCalledTimes(10_000);
    // One more clears the cache before it is added.
    await resolver.byHost('h10000.test');
    await resolver.byHost('shop.acme.test');
    expect(registry.findByDomain).toHaveBeenCalledTimes(10_002);
  });

  it('forgets only the named tenant’s domains, and the cached misses (a host just verified for a store was one)', async () => {
    const registry = registryDouble();
    const resolver = createTenantResolver({ registry, ttlMs: 30_000 });
    await resolver.byHost('shop.acme.test');
    await resolver.byHost('shop.beta.test');
    await resolver.byHost('nobody.test');
    expect(() => resolver.forget('acme')).not.toThrow();
    await resolver.byHost('shop.beta.test');
    expect(registry.findByDomain).toHaveBeenCalledTimes(3);
    await resolver.byHost('nobody.test');
    expect(registry.findByDomain).toHaveBeenCalledTimes(4);
    await resolver.byHost('shop.acme.test');
    expect(registry.findByDomain).toHaveBeenCalledTimes(5);
  });
});
