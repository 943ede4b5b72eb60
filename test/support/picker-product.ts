import { imageIdOfKey } from '../../src/catalog/variants';
import { demoImages } from '../../src/tenants/demo-images';
import type { TenantContext } from '../../src/tenants/tenant';
import type { client, TestPlatform } from './platform';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/**
 * A shoe to pick from, with every case the product page's picker shows: Size × Colour with a hole
 * (no 42 in Blue), prices that differ by size, a sale (40/Blue), one combination sold out
 * (41/Black), and a picture of its own for the blue ones (the first picture is the black one).
 */
export async function createPickerProduct(p: TestPlatform, admin: ReturnType<typeof client>, tenant: TenantContext, prefix = 'PICK') {
  const created = await admin('POST', '/admin/products', {
    name: 'Picker Runner',
    description: 'A running shoe in two colours.',
    status: 'active',
    options: [
      { name: 'Size', values: ['40', '41', '42'] },
      { name: 'Colour', values: ['Black', 'Blue'] },
    ],
    variants: [
      { sku: `${prefix}-40-BLA`, optionValues: ['40', 'Black'], price: eur(8999), stock: 5 },
      { sku: `${prefix}-40-BLU`, optionValues: ['40', 'Blue'], price: eur(7999), compareAtPrice: eur(8999), stock: 3 },
      { sku: `${prefix}-41-BLA`, optionValues: ['41', 'Black'], price: eur(9499), stock: 0 },
      { sku: `${prefix}-41-BLU`, optionValues: ['41', 'Blue'], price: eur(9499), stock: 2 },
      { sku: `${prefix}-42-BLA`, optionValues: ['42', 'Black'], price: eur(9999), stock: 4 },
    ],
  });
  if (created.status !== 201) throw new Error(`picker product: ${JSON.stringify(created.body)}`);
  const id: string = created.body.id;
  // Two SKUs draw two different shoes (the drawing follows the SKU).
  const [black] = demoImages('shoe', { sku: `${prefix}-BLACK`, name: 'Picker Runner' });
  const [blue] = demoImages('shoe', { sku: `${prefix}-BLUE`, name: 'Picker Runner' });
  await p.catalog.addImage(tenant, 'test', id, { body: black!, contentType: 'image/png' });
  const withImages = await p.catalog.addImage(tenant, 'test', id, { body: blue!, contentType: 'image/png' });
  const [blackImage, blueImage] = withImages.images.map(imageIdOfKey);
  type Shown = { id: string; sku: string; optionValues: string[]; price: { amount: number; currency: string }; compareAtPrice: unknown };
  const patched = await admin('PATCH', `/admin/products/${id}`, {
    variants: (created.body.variants as Shown[]).map((variant) => ({
      id: variant.id,
      sku: variant.sku,
      optionValues: variant.optionValues,
      price: variant.price,
      compareAtPrice: variant.compareAtPrice,
      imageIds: variant.optionValues[1] === 'Blue' ? [blueImage] : [blackImage],
    })),
  });
  if (patched.status !== 200) throw new Error(`picker product images: ${JSON.stringify(patched.body)}`);
  const variantId = (values: string) => (created.body.variants as Shown[]).find((variant) => variant.optionValues.join('/') === values)!.id;
  return { id, variantId, blackImage: blackImage!, blueImage: blueImage! };
}
