import { tokenFor, userIdFor } from './fake-verifier';
import { client, type TestPlatform } from './platform';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** Real ids of every kind a route's path can name, all of one store. */
export type RouteIds = {
  product: string;
  variant: string;
  user: string;
  image: string;
  imageKey: string;
  slug: string;
  file: string;
  category: string;
  collection: string;
  /** A custom domain of the store (pending). */
  domain: string;
  /** An order of the store's customer. */
  order: string;
  job: string;
  /** A scheduled price change of the store (pending, far ahead). */
  priceChange: string;
  /** A discount code of the store. */
  discount: string;
  /** The store's customer's review of the product (they bought it: the fixture order is paid). */
  review: string;
  /** A customer group of the store. */
  customerGroup: string;
};

/**
 * A path with each parameter filled by a real id of its kind. A parameter nobody knows how to
 * fill fails here, so a route with a new kind of parameter cannot slip past the suites using this.
 */
export function fillPath(pattern: string, ids: RouteIds): string {
  return pattern.replace(/:(\w+)|\*/g, (match, name: string | undefined) => {
    switch (name) {
      case 'id':
        return ids.product;
      case 'variantId':
        return ids.variant;
      case 'userId':
        return ids.user;
      case 'imageId':
        return ids.image;
      case 'slug':
        return ids.slug;
      case 'categoryId':
        return ids.category;
      case 'collectionId':
        return ids.collection;
      case 'orderId':
        return ids.order;
      case 'jobId':
        return ids.job;
      case 'changeId':
        return ids.priceChange;
      case 'discountId':
        return ids.discount;
      case 'file':
        return ids.file;
      case 'reviewId':
        return ids.review;
      case 'groupId':
        return ids.customerGroup;
      case 'productId':
        return ids.product;
      case 'domain':
        return ids.domain;
      case 'currency':
        // A currency names no store's data: every store may sell in it (src/pricing/currency-prices.ts).
        return 'USD';
      case undefined:
        return ids.imageKey;
      default:
        throw new Error(`No filler for path parameter ${match} of ${pattern}: add one to test/support/route-fixtures.ts`);
    }
  });
}

/** The parameters that name a store's own data: another store's value must be answered 404. */
export const STORE_SCOPED_PARAMS = [
  'id',
  'variantId',
  'userId',
  'imageId',
  'categoryId',
  'collectionId',
  'domain',
  'orderId',
  'jobId',
  'changeId',
  'discountId',
  'reviewId',
  'groupId',
  'productId',
] as const;
export const storeScoped = (pattern: string) => STORE_SCOPED_PARAMS.some((name) => new RegExp(`:${name}(/|$)`).test(pattern));

/** A product with an uploaded, attached image in `store` (whose admin is testPlatform's fake `admin@store`), and the ids of it all. */
export async function storeFixtures(p: TestPlatform, store: string, host: string): Promise<RouteIds> {
  const admin = client(p.app, host, tokenFor('admin', store));
  const created = (
    await admin('POST', '/admin/products', {
      name: `${store} fixture`,
      sku: `${store.toUpperCase()}-FIX-${crypto.randomUUID().slice(0, 6)}`,
      price: { amount: 1, currency: 'EUR' },
      status: 'active',
      stock: 100,
    })
  ).body as { id: string; variants: { id: string }[] };
  const product = created.id;
  const ticket = await admin('POST', `/admin/products/${product}/images/uploads`, { contentType: 'image/png', size: PNG.length });
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([PNG], { type: 'image/png' }));
  if (!(await fetch(ticket.body.url, { method: 'POST', body: form })).ok) throw new Error('fixture image upload failed');
  const attached = await admin('POST', `/admin/products/${product}/images`, { key: ticket.body.key });
  if (attached.status !== 201) throw new Error(`fixture image attach failed: ${JSON.stringify(attached.body)}`);
  const category = (await admin('POST', '/admin/categories', { name: `${store} fixture`, slug: `${store}-fixture` })).body.id as string;
  const collection = (await admin('POST', '/admin/collections', { name: `${store} fixture`, slug: `${store}-fixture`, productIds: [product] })).body
    .id as string;
  const domain = `${store}-fixture.example`;
  const added = await admin('POST', '/admin/domains', { domain });
  if (added.status !== 201) throw new Error(`fixture domain failed: ${JSON.stringify(added.body)}`);
  // An order of the store's customer: the store needs a shipping rate to check out at all.
  const settings = (await admin('GET', '/admin/settings')).body;
  await admin('PUT', '/admin/settings', { ...settings, shippingRates: [{ id: 'standard', name: 'Standard', price: 100, minSubtotal: null }] });
  const ordered = await client(p.app, host, tokenFor('customer', store))('POST', '/checkout/orders', {
    email: `customer@${store}.test`,
    shippingAddress: { name: 'Fixture Buyer', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
    shippingMethodId: 'standard',
    lines: [{ productId: product, variantId: created.variants[0]!.id, quantity: 1 }],
    card: { number: '4242424242424242' },
  });
  if (ordered.status !== 201) throw new Error(`fixture order failed: ${JSON.stringify(ordered.body)}`);
  // The customer's review of the product they bought (published at once: the store's default).
  const reviewed = await client(p.app, host, tokenFor('customer', store))('PUT', `/products/${product}/review`, {
    rating: 5,
    title: 'Fixture review',
    text: 'As described.',
  });
  if (reviewed.status !== 200) throw new Error(`fixture review failed: ${JSON.stringify(reviewed.body)}`);
  // A job (an export, left queued: no runner listens in these suites).
  const job = (await admin('POST', '/admin/exports', {})).body.id as string;
  const scheduled = await admin('POST', '/admin/price-changes', {
    productId: product,
    variantId: created.variants[0]!.id,
    price: { amount: 1, currency: 'EUR' },
    startsAt: '2099-01-01T00:00:00Z',
  });
  if (scheduled.status !== 201) throw new Error(`fixture price change failed: ${JSON.stringify(scheduled.body)}`);
  const discounted = await admin('POST', '/admin/discounts', {
    title: `${store} fixture`,
    method: 'code',
    code: `${store.toUpperCase()}-FIXTURE`,
    effect: { type: 'percentage', percentBp: 500 },
    target: { type: 'all' },
    minimum: { type: 'none' },
    startsAt: '2020-01-01T00:00:00.000Z',
    endsAt: null,
    usageLimit: null,
    perCustomerLimit: null,
    combinesWith: { product: false, order: false, shipping: true },
  });
  if (discounted.status !== 201) throw new Error(`fixture discount failed: ${JSON.stringify(discounted.body)}`);
  const group = await admin('POST', '/admin/customer-groups', { name: `${store} fixture` });
  if (group.status !== 201) throw new Error(`fixture customer group failed: ${JSON.stringify(group.body)}`);
  return {
    customerGroup: group.body.id as string,
    discount: discounted.body.id as string,
    domain,
    priceChange: scheduled.body.id as string,
    order: ordered.body.id as string,
    product,
    job,
    review: reviewed.body.id as string,
    variant: created.variants[0]!.id,
    category,
    collection,
    user: userIdFor('customer', store),
    image: attached.body.images[0].id,
    imageKey: ticket.body.key,
    slug: store,
    file: (typeof p.options.assets.files === 'function' ? await p.options.assets.files() : p.options.assets.files)[0]!.name,
  };
}
