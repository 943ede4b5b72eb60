import { describe, expect, it } from 'vitest';
import { tenantContext } from '../../src/tenants/tenant';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { tokenFor } from '../support/fake-verifier';
import { createPickerProduct } from '../support/picker-product';
import { client, testPlatform } from '../support/platform';

describe.skipIf(!hasChromium)('the product page’s variant picker in a real browser', () => {
  let shoe: Awaited<ReturnType<typeof createPickerProduct>>;
  const suite = browserSuite(async () => {
    const p = await testPlatform({ manifests: browserManifests });
    const alpha = (await p.registry.get('alpha'))!;
    shoe = await createPickerProduct(p, client(p.app, 'alpha.localhost', tokenFor('admin', 'alpha')), tenantContext(alpha));
    return p;
  });

  for (const [device, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`a visitor on a ${device} picks a size and a colour and sees the price, availability, picture and URL follow`, async () => {
      const page = await suite.browser.newPage({ viewport });
      page.setDefaultTimeout(8000);
      await page.goto(suite.server.urlFor('alpha.localhost', `/p/${shoe.id}`));
      const price = page.getByTestId('price');
      const availability = page.getByTestId('availability');
      const gallery = page.getByTestId('gallery');
      const variantInUrl = () => new URL(page.url()).searchParams.get('variant');
      const shownSlide = () =>
        gallery.evaluate((node) => {
          const track = node.querySelector('.gallery-track')!;
          const box = track.getBoundingClientRect();
          // The slide whose left edge is nearest the strip's: the picture in view.
          const slides = [...track.querySelectorAll('li')];
          return slides
            .reduce((best, slide) =>
              Math.abs(slide.getBoundingClientRect().left - box.left) < Math.abs(best.getBoundingClientRect().left - box.left) ? slide : best,
            )
            .getAttribute('data-image-id');
        });

      // The default: 40 in Black, the name, price and picker in the first screen (no scrolling past pictures).
      await expect(price.textContent()).resolves.toBe('€89.99');
      await expect(availability.textContent()).resolves.toBe('In stock');
      expect(await shownSlide()).toBe(shoe.blackImage);
      for (const part of [page.getByRole('heading', { level: 2 }), price, page.getByRole('group', { name: /^Size/ })]) {
        const box = (await part.boundingBox())!;
        expect(box.y + box.height, device).toBeLessThanOrEqual(viewport.height);
      }
      // Script makes the picker instant: the form's own submit button is for pages without it.
      await expect(page.getByRole('button', { name: 'Show this choice' }).isHidden()).resolves.toBe(true);
      await expect(page.locator('.thumbs').isVisible()).resolves.toBe(device === 'desktop');

      // Blue in 40 is on sale, and has its own picture.
      await page.locator('label.chip', { hasText: 'Blue' }).click();
      await expect.poll(() => price.textContent()).toBe('€79.99€89.99Sale −11 %');
      await expect(price.locator('s.compare-at').isVisible()).resolves.toBe(true);
      expect(variantInUrl()).toBe(shoe.variantId('40/Blue'));
      await expect.poll(shownSlide).toBe(shoe.blueImage);

      // The keyboard moves within the Size group: 41 in Blue, no longer on sale.
      await page.getByRole('radio', { name: /^40/ }).focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => price.textContent()).toBe('€94.99');
      await expect(price.locator('s.compare-at').isVisible()).resolves.toBe(false);
      await expect(page.getByRole('group', { name: /^Size/ }).locator('legend').textContent()).resolves.toBe('Size: 41');
      expect(variantInUrl()).toBe(shoe.variantId('41/Blue'));

      // 41 in Black is sold out: marked on its chip, said next to the price, the black picture back.
      await expect(page.locator('label.chip', { hasText: 'Black' }).getAttribute('class')).resolves.toBe('chip sold-out');
      await page.locator('label.chip', { hasText: 'Black' }).click();
      await expect.poll(() => availability.textContent()).toBe('Out of stock');
      expect(variantInUrl()).toBe(shoe.variantId('41/Black'));
      await expect.poll(shownSlide).toBe(shoe.blackImage);

      // 42 comes only in Black; from Blue, choosing it moves the colour to Black.
      await page.locator('label.chip', { hasText: 'Blue' }).click();
      await expect(page.locator('label.chip', { hasText: '42' }).getAttribute('class')).resolves.toBe('chip other');
      await page.locator('label.chip', { hasText: '42' }).click();
      await expect.poll(() => price.textContent()).toBe('€99.99');
      await expect(page.getByRole('radio', { name: /^Black/ }).isChecked()).resolves.toBe(true);
      expect(variantInUrl()).toBe(shoe.variantId('42/Black'));

      // The URL keeps the choice: opened again, the server renders that variant.
      await page.goto(suite.server.urlFor('alpha.localhost', `/p/${shoe.id}?variant=${shoe.variantId('41/Black')}`));
      await expect(availability.textContent()).resolves.toBe('Out of stock');
      await expect(page.getByRole('radio', { name: /^41/ }).isChecked()).resolves.toBe(true);
      await page.close();
    });
  }

  it('without script, the picker is a form that loads the chosen variant', async () => {
    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(suite.server.urlFor('alpha.localhost', `/p/${shoe.id}`));
    await page.locator('label.chip', { hasText: 'Blue' }).click();
    await page.getByRole('button', { name: 'Show this choice' }).click();
    await page.waitForURL(/option-1=Blue/);
    await expect(page.getByTestId('price').textContent()).resolves.toBe('€79.99€89.99Sale −11 %');
    await context.close();
  });
});
