import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../../../src/payments/test-provider';
import { tokenFor } from '../../support/fake-verifier';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

/** The guest's order page their order emails link to (src/storefront/order-lookup-page.tsx). */
let p: TestPlatform;
let visitor: ReturnType<typeof client>;
let orderId: string;
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

beforeAll(async () => {
  p = await testPlatform({
    manifests: testManifests.map((m) =>
      m.slug === 'alpha' ? { ...m, settings: { shippingRates: [{ id: 'standard', name: 'Standard', price: 495, minSubtotal: null }] } } : m,
    ),
  });
  visitor = client(p.app, 'alpha.test');
  const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  const created = await admin('POST', '/admin/products', {
    name: 'Status Mug',
    sku: 'STAT-1',
    price: { amount: 1200, currency: 'EUR' },
    status: 'active',
    stock: 5,
  });
  expect(created.status).toBe(201);
  const placed = await visitor('POST', '/checkout/orders', {
    email: 'guest@example.com',
    shippingAddress: { name: 'Guest', line1: '1 St', city: 'Berlin', postalCode: '10115', country: 'DE' },
    shippingMethodId: 'standard',
    lines: [{ productId: created.body.id, variantId: created.body.variants[0].id, quantity: 1 }],
    card: { number: TEST_CARDS.succeeds },
  });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  orderId = placed.body.id;
});

describe('GET/POST /order-status', () => {
  it('fills in the number from the email’s link and shows the order for its number and email', async () => {
    const formPage = await visitor('GET', `/order-status?number=${orderId}`, undefined, { accept: 'text/html' });
    expect(formPage.status).toBe(200);
    expect(formPage.body).toContain(`value="${orderId}"`);
    const shown = await visitor('POST', '/order-status', form({ number: orderId.toLowerCase(), email: 'Guest@Example.com' }), formHeaders);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain(`Order ${orderId}`);
    expect(shown.body).toContain('Status Mug');
    expect(shown.body).toContain('paid');
    expect(shown.headers.get('cache-control')).toBe('private, no-store');
  });

  it('a wrong email or number shows the form again, alike (404), with no order in it', async () => {
    for (const fields of [
      { number: orderId, email: 'someone@example.com' },
      { number: 'NOSUCHORDER', email: 'guest@example.com' },
      { number: '', email: 'nope' },
    ]) {
      const refused = await visitor('POST', '/order-status', form(fields), formHeaders);
      expect(refused.status).toBe(404);
      expect(refused.body).toContain('No order has that number and email.');
      expect(refused.body).not.toContain('Status Mug');
    }
  });
});
