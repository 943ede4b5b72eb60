import { describe, expect, it, vi } from 'vitest';
import { sweepReservations } from '../../../src/orders/sweeper';
import type { TenantRecord } from '../../../src/tenants/registry';

const record = (id: string) => ({ id, name: id, tier: 'basic', status: 'active', domains: [] }) as unknown as TenantRecord;

describe('the reservation sweeper', () => {
  it('expires every store’s due reservations, page after page, and one store failing does not stop the rest', async () => {
    const pages = [
      { items: [record('a'), record('b')], nextCursor: 'next' },
      { items: [record('c')], nextCursor: undefined },
    ];
    const registry = { list: vi.fn(async ({ cursor }: { cursor?: string }) => pages[cursor ? 1 : 0]!) };
    const logger = { warn: vi.fn() };
    const expire = vi.fn(async (tenant: { id: string }) => {
      if (tenant.id === 'b') throw new Error('table busy');
      return tenant.id === 'a' ? 2 : 1;
    });
    expect(await sweepReservations({ registry, expire, logger })).toEqual({ stores: 3, expired: 3, failed: 1 });
    expect(expire.mock.calls.map(([t]) => t.id)).toEqual(['a', 'b', 'c']);
    expect(logger.warn).toHaveBeenCalledOnce();
  });
});
