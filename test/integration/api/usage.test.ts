import { beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../../src/platform';
import { dayOf } from '../../../src/usage/usage';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
const admin = (store: string, app: TestPlatform['app'] = p.app) => client(app, `${store}.test`, tokenFor('admin', store));
const operator = () => client(p.app, 'platform.test', tokenFor('operator'));
const product = (sku: string) => ({ name: `Product ${sku}`, sku, price: { amount: 500, currency: 'EUR' }, status: 'active', stock: 3 });

beforeAll(async () => {
  p = await testPlatform();
});

describe('usage per store', () => {
  it('requests from several instances add up exactly in the store’s day item; capacity is metered; other stores are untouched', async () => {
    const before = (await admin('gamma')('GET', '/admin/usage')).body;
    const betaBefore = (await admin('beta')('GET', '/admin/usage')).body;
    const other = createPlatform(p.options);
    for (let i = 0; i < 3; i++) expect((await client(p.app, 'gamma.test')('GET', '/products')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await client(other.app, 'gamma.test')('GET', '/products')).status).toBe(200);
    expect((await admin('gamma', other.app)('POST', '/admin/products', product('USAGE-1'))).status).toBe(201);
    await other.meter.flush();
    // This instance flushes its own three (and the read itself) when the page is read.
    const after = (await admin('gamma')('GET', '/admin/usage')).body;
    expect(after.day).toBe(dayOf(Date.now()));
    expect(after.today.requests - before.today.requests).toBe(3 + 4 + 1 + 1);
    expect(after.month.requests).toBeGreaterThanOrEqual(after.today.requests);
    // A product create is a transaction of writes; the reads are the caller's re-check and the pages.
    expect(after.today.writeUnits).toBeGreaterThan(before.today.writeUnits);
    expect(after.today.readUnits).toBeGreaterThan(before.today.readUnits);
    expect(after.held.products.used).toBe(before.held.products.used + 1);
    expect(after.days.at(-1)).toEqual({ day: after.day, ...after.today });
    // Beta's only request since is its own usage read.
    const betaAfter = (await admin('beta')('GET', '/admin/usage')).body;
    expect(betaAfter.today.requests - betaBefore.today.requests).toBe(1);
  });

  it('events are counted at their commit, one per outbox record; emails when the email port accepts them', async () => {
    const before = (await admin('beta')('GET', '/admin/usage')).body.today;
    // One event each: ProductCreated, then StoreSettingsUpdated (on the registry's record, by the platform's client).
    expect((await admin('beta')('POST', '/admin/products', product('EVENTS-1'))).status).toBe(201);
    const settings = (await admin('beta')('GET', '/admin/settings')).body;
    expect((await admin('beta')('PUT', '/admin/settings', { ...settings, taxRate: 700 })).status).toBe(200);
    // A refused write commits nothing, so counts no event.
    expect((await admin('beta')('POST', '/admin/products', product('EVENTS-1'))).status).toBe(409);
    const sent: string[] = [];
    const sender = p.metered.sender({
      send: async (m) => {
        sent.push(m.to);
        return { messageId: String(sent.length) };
      },
    });
    await sender.send({ to: 'b@beta.test', subject: 'Low stock', text: 'x', tenantId: 'beta', tag: 'low-stock' });
    await sender.send({ to: 'ops@example.com', subject: 'No store', text: 'x', tag: 'platform' });
    const after = (await admin('beta')('GET', '/admin/usage')).body.today;
    expect(after.eventsPublished - before.eventsPublished).toBe(2);
    expect(after.emailsSent - before.emailsSent).toBe(1);
    // The stream publishes what was committed: the same two events reach the bus.
    await p.streams.drain();
    expect(p.bus.delivered.filter((e) => e.detail.tenantId === 'beta' && ['ProductCreated', 'StoreSettingsUpdated'].includes(e.detailType))).toHaveLength(2);
  });

  it('the owner exports the month as CSV: a header, one line per day so far, today’s last', async () => {
    const csv = await admin('gamma')('GET', '/admin/usage.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="usage-gamma-\d{4}-\d{2}\.csv"/);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('store,day,plan,requests,readUnits,writeUnits,eventsPublished,emailsSent,products,staff,storageBytes');
    expect(lines).toHaveLength(1 + Number(dayOf(Date.now()).slice(8)));
    const today = lines.at(-1)!.split(',');
    expect(today.slice(0, 3)).toEqual(['gamma', dayOf(Date.now()), 'premium']);
    expect(Number(today[3])).toBeGreaterThan(0);
  });

  it('operators see every store’s usage, as JSON and CSV; the route is the platform host’s only', async () => {
    const all = await operator()('GET', '/platform/usage?limit=100');
    expect(all.status).toBe(200);
    expect(all.body.items.map((line: { store: string }) => line.store).sort()).toEqual(['alpha', 'beta', 'gamma']);
    const gamma = all.body.items.find((line: { store: string }) => line.store === 'gamma');
    expect(gamma.today.requests).toBeGreaterThan(0);
    expect(gamma.held.products.limit).toBe(100_000);
    const csv = await operator()('GET', '/platform/usage.csv?limit=2');
    expect(csv.status).toBe(200);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(csv.headers.get('link')).toMatch(/rel="next"/);
    expect((await client(p.app, 'gamma.test', tokenFor('operator'))('GET', '/platform/usage')).status).toBe(404);
    expect((await admin('gamma')('GET', '/platform/usage')).status).toBe(404);
  });

  it('summaries give the operators’ store list its usage figures, a page of stores at once', async () => {
    const figures = await p.usage.summaries(['gamma', 'nowhere']);
    expect(Object.keys(figures)).toEqual(['gamma']);
    expect(figures.gamma).toMatchObject({ productLimit: 100000 });
    expect(figures.gamma!.requestsToday).toBeGreaterThan(0);
  });
});
