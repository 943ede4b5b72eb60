import { describe, expect, it } from 'vitest';
import { tenantContext } from '../../../src/tenants/tenant';
import { createUsageMeter } from '../../../src/usage/meter';
import { usageCsv } from '../../../src/usage/service';
import { dayOf, monthSoFar, type DayUsage, type MeteredCounts, type UsageStore } from '../../../src/usage/usage';

const alpha = tenantContext({ id: 'alpha', name: 'Alpha', tier: 'basic', status: 'active' });
const beta = tenantContext({ id: 'beta', name: 'Beta', tier: 'basic', status: 'active' });

function recordingStore(fail = () => false) {
  const adds: { tenant: string; day: string; counts: MeteredCounts }[] = [];
  const store: UsageStore = {
    async add(tenant, day, counts) {
      if (fail()) throw new Error('table down');
      adds.push({ tenant: tenant.id, day, counts: { ...counts } });
    },
    async days(): Promise<DayUsage[]> {
      return [];
    },
  };
  return { store, adds };
}

describe('usage', () => {
  it('days: UTC, and a month so far from its first day', () => {
    expect(dayOf(Date.UTC(2026, 11, 6, 23, 59))).toBe('2026-12-06');
    expect(monthSoFar('2026-02-03')).toEqual(['2026-02-01', '2026-02-02', '2026-02-03']);
    expect(monthSoFar('2026-12-31')).toHaveLength(31);
  });

  it('the meter writes one add per store and day per flush, nothing for a store with nothing counted', async () => {
    let clock = Date.UTC(2026, 11, 6, 23, 59, 59);
    const { store, adds } = recordingStore();
    const meter = createUsageMeter({ store, now: () => clock });
    meter.add(alpha, { requests: 1 });
    meter.add(alpha, { requests: 1, readUnits: 0.5 });
    meter.add(beta, { writeUnits: 2 });
    clock += 2_000; // past midnight: the next counts are the next day's
    meter.add(alpha, { requests: 1 });
    await meter.flush();
    expect(adds).toEqual([
      { tenant: 'alpha', day: '2026-12-06', counts: { requests: 2, readUnits: 0.5, writeUnits: 0, eventsPublished: 0, emailsSent: 0 } },
      { tenant: 'alpha', day: '2026-12-07', counts: { requests: 1, readUnits: 0, writeUnits: 0, eventsPublished: 0, emailsSent: 0 } },
      { tenant: 'beta', day: '2026-12-06', counts: { requests: 0, readUnits: 0, writeUnits: 2, eventsPublished: 0, emailsSent: 0 } },
    ]);
    await meter.flush();
    expect(adds).toHaveLength(3);
  });

  it('a failed flush keeps the counts for the next one', async () => {
    let down = true;
    const { store, adds } = recordingStore(() => down);
    const errors: unknown[] = [];
    const meter = createUsageMeter({ store, onError: (e) => errors.push(e) });
    meter.add(alpha, { requests: 2 });
    await meter.flush();
    expect(errors).toHaveLength(1);
    down = false;
    meter.add(alpha, { requests: 1 });
    await meter.flush();
    expect(adds.map((a) => a.counts.requests)).toEqual([3]);
  });

  it('counts by id once the store is resolved; unknown stores are dropped', async () => {
    const { store, adds } = recordingStore();
    const meter = createUsageMeter({ store, resolve: async (id) => (id === 'beta' ? beta : undefined) });
    meter.addById('beta', { eventsPublished: 1 });
    meter.addById('nowhere', { eventsPublished: 1 });
    await meter.flush();
    expect(adds.map((a) => [a.tenant, a.counts.eventsPublished])).toEqual([['beta', 1]]);
  });

  it('CSV: a header, CRLF lines, cells quoted only when they must be', () => {
    const csv = usageCsv([
      {
        store: 'alpha',
        day: '2026-12-06',
        plan: 'basic',
        requests: 3,
        readUnits: 1.5,
        writeUnits: 2,
        eventsPublished: 0,
        emailsSent: 0,
        products: 1,
        staff: 2,
        storageBytes: 0,
      },
    ]);
    expect(csv).toBe(
      'store,day,plan,requests,readUnits,writeUnits,eventsPublished,emailsSent,products,staff,storageBytes\r\nalpha,2026-12-06,basic,3,1.5,2,0,0,1,2,0\r\n',
    );
    expect(usageCsv([{ store: 'a,"b"' }])).toContain('"a,""b"""');
  });
});
