import { describe, expect, it, vi } from 'vitest';
import type { TenantRecord, TenantRegistry } from '../../../src/tenants/registry';
import { createTenantResolver } from '../../../src/tenants/resolver';

const record: TenantRecord = { id: 'acme', name: 'Acme', domains: ['shop.acme.test'], tier: 'basic', status: 'active', createdAt: 'x', updatedAt: 'x' };

function registryDouble() {
  return {
    findByDomain: vi.fn(async (domain: string) => (domain === 'shop.acme.test' ? record : undefined)),
    get: vi.fn(async (id: string) => (id === 'acme' ? record : undefined)),
    create: vi.fn(),
    setStatus: vi.fn(),
    list: vi.fn(),
    updateSettings: vi.fn(),
    setTier: vi.fn(),
  } satisfies TenantRegistry;
}

describe('tenant resolver', () => {
  it('keeps a known store while DynamoDB is unavailable; an unknown host and a bug stay errors', async () => {
    let clock = 0;
    const registry = registryDouble();
    const resolver = createTenantResolver({ registry, ttlMs: 1_000, now: () => clock });
    await resolver.byHost('shop.acme.test');
    clock = 5_000;
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    registry.findByDomain.mockRejectedValue(refused);
    expect((await resolver.byHost('shop.acme.test'))?.id).toBe('acme');
    await expect(resolver.byHost('nobody.test')).rejects.toBe(refused);
    const bug = new TypeError('oops');
    registry.findByDomain.mockRejectedValue(bug);
    await expect(resolver.byHost('shop.acme.test')).rejects.toBe(bug);
  });

  it('normalises the Host header (case, port, trailing dot) and caches the answer', async () => {
    const registry = registryDouble();
    const resolver = createTenantResolver({ registry, ttlMs: 30_000 });
    for (const host of ['shop.acme.test', 'SHOP.ACME.TEST:443', 'shop.acme.test.']) {
      expect((await resolver.byHost(host))?.id).toBe('acme');
    }
    expect(registry.findByDomain).toHaveBeenCalledTimes(1);
  });

  it('looks again after the time to live, and caches misses for a shorter time', async () => {
    let clock = 0;
    const registry = registryDouble();
    const resolver = createTenantResolver({ registry, ttlMs: 1_000, missTtlMs: 100, now: () => clock });
    await resolver.byHost('shop.acme.test');
    await resolver.byHost('nobody.test');
    await resolver.byHost('nobody.test');
    expect(registry.findByDomain).toHaveBeenCalledTimes(2);
    clock = 500;
    await resolver.byHost('shop.acme.test');
    await resolver.byHost('nobody.test');
    expect(registry.findByDomain).toHaveBeenCalledTimes(3);
    clock = 1_500;
    await resolver.byHost('shop.acme.test');
    expect(registry.findByDomain).toHaveBeenCalledTimes(4);
  });

  it('forgets a tenant on demand so a suspension applies at once in this process', async () => {
    const registry = registryDouble();
    const resolver = createTenantResolver({ registry, ttlMs: 30_000 });
    await resolver.byHost('shop.acme.test');
    await resolver.byId('acme');
    resolver.forget('acme');
    await resolver.byHost('shop.acme.test');
    await resolver.byId('acme');
    expect(registry.findByDomain).toHaveBeenCalledTimes(2);
    expect(registry.get).toHaveBeenCalledTimes(2);
  });

  it('ignores empty or absurd hosts without asking the registry', async () => {
    const registry = registryDouble();
    const resolver = createTenantResolver({ registry, ttlMs: 30_000 });
    expect(await resolver.byHost(undefined)).toBeUndefined();
    expect(await resolver.byHost('')).toBeUndefined();
    expect(await resolver.byHost('x'.repeat(300))).toBeUndefined();
    expect(registry.findByDomain).not.toHaveBeenCalled();
  });
});
