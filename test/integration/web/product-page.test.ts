import { beforeAll, describe, expect, it } from 'vitest';
import { tenantContext } from '../../../src/tenants/tenant';
import { tokenFor } from '../../support/fake-verifier';
import { createPickerProduct } from '../../support/picker-product';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/** The product page's variant picker as the server renders it: a link with `?variant=` shows that variant, with or without script. */
let p: TestPlatform;
let shoe: Awaited<ReturnType<typeof createPickerProduct>>;

async function page(path: string) {
  const response = await p.app.request(path, { headers: { host: 'alpha.test' } });
  return { status: response.status, html: await response.text() };
}
const textOf = (html: string, testId: string) =>
  html
    .match(new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)</p>`))?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim();
const checked = (html: string) => [...html.matchAll(/<input type="radio" name="(option-\d)" value="([^"]+)" checked=""/g)].map((m) => `${m[1]}=${m[2]}`);
const firstSlide = (html: string) => html.match(/<li id="image-([^"]+)" data-image-id/)?.[1];

beforeAll(async () => {
  p = await testPlatform();
  const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  const alpha = (await p.registry.get('alpha'))!;
  shoe = await createPickerProduct(p, admin, tenantContext(alpha));
}, 60_000);

describe('the product page for a chosen variant', () => {
  it('renders the variant a link names: its price, its sale, its availability, its picture first, its values chosen', async () => {
    const onSale = await page(`/p/${shoe.id}?variant=${shoe.variantId('40/Blue')}`);
    expect(onSale.status).toBe(200);
    expect(textOf(onSale.html, 'price')).toBe('€79.99€89.99Sale −11 %');
    expect(onSale.html).toMatch(/<s class="compare-at">€89.99<\/s>/);
    expect(onSale.html).toMatch(/<span class="sale-badge" data-testid="sale-badge">Sale −11 %<\/span>/);
    expect(textOf(onSale.html, 'availability')).toBe('In stock');
    expect(checked(onSale.html)).toEqual(['option-0=40', 'option-1=Blue']);
    expect(firstSlide(onSale.html)).toBe(shoe.blueImage);

    const soldOut = await page(`/p/${shoe.id}?variant=${shoe.variantId('41/Black')}`);
    expect(textOf(soldOut.html, 'price')).toBe('€94.99');
    expect(soldOut.html).toMatch(/<s class="compare-at" hidden="">/);
    // Off sale the badge is there for the picker's script to fill, hidden.
    expect(soldOut.html).toMatch(/<span class="sale-badge" data-testid="sale-badge" hidden="">/);
    expect(textOf(soldOut.html, 'availability')).toBe('Out of stock');
    expect(checked(soldOut.html)).toEqual(['option-0=41', 'option-1=Black']);
    expect(firstSlide(soldOut.html)).toBe(shoe.blackImage);
    // Next to 41, Blue is for sale; 42 comes in no Blue, so next to Blue it is marked.
    expect(soldOut.html).toMatch(/<label class="chip available"><input type="radio" name="option-1" value="Blue"/);
  });

  it('falls back to the default variant for an unknown or foreign id, never a 500', async () => {
    for (const variant of ['nope', '../x', 'a'.repeat(500), '']) {
      const { status, html } = await page(`/p/${shoe.id}?variant=${encodeURIComponent(variant)}`);
      expect(status, variant).toBe(200);
      expect(textOf(html, 'price')).toBe('€89.99');
      expect(checked(html)).toEqual(['option-0=40', 'option-1=Black']);
    }
  });

  it('shows the options a script-less picker submitted', async () => {
    const { html } = await page(`/p/${shoe.id}?option-0=41&option-1=Blue`);
    expect(textOf(html, 'price')).toBe('€94.99');
    expect(checked(html)).toEqual(['option-0=41', 'option-1=Blue']);
    // A combination that is not sold shows the default.
    expect(checked((await page(`/p/${shoe.id}?option-0=42&option-1=Blue`)).html)).toEqual(['option-0=40', 'option-1=Black']);
  });

  it('keeps one JSON-LD offer per variant whichever variant is shown', async () => {
    const { html } = await page(`/p/${shoe.id}?variant=${shoe.variantId('41/Blue')}`);
    const ld = JSON.parse(html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]!);
    expect(ld.offers.map((offer: { sku: string; price: string }) => `${offer.sku} ${offer.price}`)).toEqual([
      'PICK-40-BLA 89.99',
      'PICK-40-BLU 79.99',
      'PICK-41-BLA 94.99',
      'PICK-41-BLU 94.99',
      'PICK-42-BLA 99.99',
    ]);
  });
});

describe('the pages of a listing', () => {
  it('links on with "Next page" and back to the start with "First page", keeping the filters', async () => {
    const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
    for (let i = 0; i < 13; i++)
      await admin('POST', '/admin/products', {
        name: `Pager Sock ${i}`,
        sku: `PAGER-${i}`,
        price: { amount: 500 + i, currency: 'EUR' },
        status: 'active',
        tags: ['pager'],
      });
    const links = (html: string) =>
      Object.fromEntries([...html.matchAll(/<a href="([^"]+)" rel="(next|first)">/g)].map((m) => [m[2]!, m[1]!.replace(/&amp;/g, '&')]));
    const first = await page('/?tag=pager');
    expect(first.html).toMatch(/<nav aria-label="Pages" class="pager">/);
    const next = links(first.html).next!;
    expect(next).toMatch(/^\/\?tag=pager&cursor=/);
    expect(links(first.html).first).toBeUndefined();
    const second = await page(next);
    expect(second.status).toBe(200);
    expect([...second.html.matchAll(/data-testid="product-card"/g)]).toHaveLength(1);
    expect(links(second.html)).toEqual({ first: '/?tag=pager' });
  });
});
