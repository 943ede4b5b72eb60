import { beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../../src/platform';
import { defaultSettings } from '../../../src/settings/store-settings';
import { tokenFor } from '../../support/fake-verifier';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
let admin: ReturnType<typeof client>;

// Beta has two domains: both must answer with the same settings after a save.
const manifests = testManifests.map((m) => (m.slug === 'alpha' ? { ...m, settings: { currency: 'USD', taxRate: 825, pricesIncludeTax: false } } : m));

const edited = {
  currency: 'USD',
  currencies: ['EUR', 'GBP'],
  taxRate: 2000,
  pricesIncludeTax: true,
  shippingRates: [
    { id: 'standard', name: 'Standard (3-5 days)', price: 495, minSubtotal: null },
    { id: 'free', name: 'Free over $50', price: 0, minSubtotal: 5000 },
  ],
  legal: { name: 'Alpha Trading Ltd', address: '1 Market St, Springfield', vatId: 'GB123456789', email: 'legal@alpha.test' },
  reservationMinutes: 20,
  reviewModeration: 'hold',
  reviewsFrom: 'customers',
};

beforeAll(async () => {
  p = await testPlatform({ manifests });
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
});

describe('store settings', () => {
  it('come with the store: a new store has the defaults its manifest did not override, shown publicly without the legal contact', async () => {
    const store = await client(p.app, 'alpha.test')('GET', '/store');
    expect(store.status).toBe(200);
    expect(store.body.settings).toEqual({ currency: 'USD', currencies: [], taxRate: 825, pricesIncludeTax: false, shippingRates: [], sellerName: '' });
    const beta = await client(p.app, 'beta.test')('GET', '/store');
    expect(beta.body.settings.currency).toBe(defaultSettings().currency);
  });

  it('an admin reads them at a version and saves the whole document at that version; the store answers with them at once', async () => {
    const read = await admin('GET', '/admin/settings');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ currency: 'USD', taxRate: 825, version: 0 });
    const saved = await admin('PUT', '/admin/settings', { ...edited, version: read.body.version });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ ...edited, version: 1 });
    expect((await admin('GET', '/admin/settings')).body).toEqual({ ...edited, version: 1 });
    const store = await client(p.app, 'alpha.test')('GET', '/store');
    expect(store.body.settings).toEqual({
      currency: 'USD',
      currencies: ['EUR', 'GBP'],
      taxRate: 2000,
      pricesIncludeTax: true,
      shippingRates: edited.shippingRates,
      sellerName: 'Alpha Trading Ltd',
    });
    // Announced like every change: the event is in the store's outbox with the change.
    await p.streams.drain();
    const event = p.bus.delivered.find((e) => e.detailType === 'StoreSettingsUpdated' && e.detail.tenantId === 'alpha');
    expect(event?.detail).toMatchObject({ version: 1, changed: expect.arrayContaining(['taxRate', 'shippingRates', 'legal']) });
  });

  it('a save from a stale read is a 409 and changes nothing', async () => {
    const read = await admin('GET', '/admin/settings');
    const first = await admin('PUT', '/admin/settings', { ...edited, taxRate: 500, version: read.body.version });
    expect(first.status).toBe(200);
    const stale = await admin('PUT', '/admin/settings', { ...edited, taxRate: 700, version: read.body.version });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: expect.stringContaining('conflict') });
    expect((await admin('GET', '/admin/settings')).body).toMatchObject({ taxRate: 500, version: read.body.version + 1 });
  });

  it('every domain of the store, on another instance with a cold cache, reads the saved settings (the copies never disagree)', async () => {
    const betaAdmin = client(p.app, 'beta.test', tokenFor('admin', 'beta'));
    const read = await betaAdmin('GET', '/admin/settings');
    expect((await betaAdmin('PUT', '/admin/settings', { ...edited, currency: 'GBP', currencies: ['EUR'], version: read.body.version })).status).toBe(200);
    const other = createPlatform(p.options);
    for (const host of ['beta.test', 'www.beta.test']) {
      expect((await client(other.app, host)('GET', '/store')).body.settings.currency).toBe('GBP');
    }
    // Alpha's settings are Alpha's own.
    expect((await client(other.app, 'alpha.test')('GET', '/store')).body.settings.currency).toBe('USD');
  });

  it.each([
    ['a fractional tax rate', { taxRate: 20.5 }, 'taxRate'],
    ['a lowercase currency', { currency: 'usd' }, 'currency'],
    ['two shipping rates with one id', { shippingRates: [edited.shippingRates[0], edited.shippingRates[0]] }, 'shippingRates'],
    ['a reservation of no time', { reservationMinutes: 0 }, 'reservationMinutes'],
    ['the store’s own currency among its other currencies', { currencies: ['USD', 'EUR'] }, 'currencies'],
    ['a currency twice', { currencies: ['EUR', 'EUR'] }, 'currencies'],
    ['more than ten currencies', { currencies: ['AUD', 'BRL', 'CAD', 'CHF', 'CNY', 'DKK', 'EUR', 'GBP', 'JPY', 'NOK', 'SEK'] }, 'currencies'],
    ['an unknown field', { theme: 'dark' }, 'theme'],
    ['an unknown moderation mode', { reviewModeration: 'maybe' }, 'reviewModeration'],
  ])('refuses %s with a 422 naming the field, and keeps what was saved', async (_name, change, field) => {
    const before = (await admin('GET', '/admin/settings')).body;
    const refused = await admin('PUT', '/admin/settings', { ...edited, ...change, version: before.version });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect((await admin('GET', '/admin/settings')).body).toEqual(before);
  });

  it('a store written before settings existed reads as the defaults and can save them', async () => {
    // As the previous version wrote it: a record with no settings at all.
    const record = (await p.registry.get('gamma'))!;
    const { settings: _settings, ...old } = record;
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { platformKeys } = await import('../../../src/adapters/dynamodb/keys');
    await p.table.client.send(
      new PutCommand({
        TableName: p.table.tableName,
        Item: { ...platformKeys.tenant('gamma'), type: 'tenant', GSI1PK: platformKeys.tenantList, GSI1SK: 'gamma', tenant: old },
      }),
    );
    const gammaAdmin = client(p.app, 'gamma.test', tokenFor('admin', 'gamma'));
    const read = await gammaAdmin('GET', '/admin/settings');
    expect(read.body).toEqual(defaultSettings());
    expect((await gammaAdmin('PUT', '/admin/settings', { ...edited, version: 0 })).status).toBe(200);
  });
});
