import { describe, expect, it } from 'vitest';
import type { Product } from '../../../src/catalog/product';
import {
  addToCart,
  CartLineError,
  cartIdOf,
  cartView,
  emptyCart,
  isExpired,
  mergeCarts,
  reconcile,
  setLineQuantity,
  type StoredCart,
} from '../../../src/shopping/cart';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../../src/shopping/limits';

const at = new Date('2026-12-01T10:00:00Z');

/** A product with one variant per entry of `stock` ([onHand, reserved]), priced 1000, 2000, … */
function product(id: string, stock: [number, number][], extra: Partial<Product> = {}): Product {
  const variants = stock.map((_, i) => ({
    id: `${id}-v${i}`,
    sku: `${id}-${i}`.toUpperCase(),
    optionValues: [`S${i}`],
    price: 1000 * (i + 1),
    compareAtPrice: null,
    lowStockThreshold: null,
    weightGrams: null,
    barcode: null,
    imageIds: [],
    active: true,
  }));
  return {
    id,
    handle: id,
    name: `Product ${id}`,
    description: '',
    status: 'active',
    tags: [],
    images: [],
    options: [{ name: 'Size', values: stock.map((_, i) => `S${i}`) }],
    variants,
    stock: Object.fromEntries(stock.map(([onHand, reserved], i) => [`${id}-v${i}`, { onHand, reserved }])),
    listedPrice: 1000,
    listedCompareAt: null,
    available: true,
    variantCount: variants.length,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    version: 1,
    ...extra,
  };
}
const line = (productId: string, variantId: string, quantity: number, unitPrice: number) => ({
  productId,
  variantId,
  quantity,
  unitPrice,
  addedAt: at.toISOString(),
});
const cartOf = (...lines: ReturnType<typeof line>[]): StoredCart => ({ ...emptyCart('guest-x'), lines, version: 3 });
const byId = (...products: Product[]) => new Map(products.map((p) => [p.id, p]));

describe('cart ids', () => {
  it('keeps guests and customers apart, whatever a cookie says', () => {
    expect(cartIdOf({ kind: 'guest', id: 'abc' })).toBe('guest-abc');
    expect(cartIdOf({ kind: 'customer', sub: 'abc' })).toBe('customer-abc');
  });
});

describe('adding', () => {
  it('adds a line at today’s price, then adds to it', () => {
    const p = product('a', [[5, 1]]);
    const once = addToCart(emptyCart('guest-x'), p, { productId: 'a', variantId: 'a-v0', quantity: 2 }, at);
    expect(once.lines).toEqual([line('a', 'a-v0', 2, 1000)]);
    expect(addToCart(once, p, { productId: 'a', variantId: 'a-v0', quantity: 2 }, at).lines[0]!.quantity).toBe(4);
  });

  it('refuses more than is available (onHand − reserved), counting what the cart holds', () => {
    const p = product('a', [[5, 1]]);
    const holding = cartOf(line('a', 'a-v0', 3, 1000));
    expect(() => addToCart(holding, p, { productId: 'a', variantId: 'a-v0', quantity: 2 }, at)).toThrow(/Only 4 available; your cart already holds 3/);
    expect(() => addToCart(emptyCart('guest-x'), product('b', [[2, 2]]), { productId: 'b', variantId: 'b-v0', quantity: 1 }, at)).toThrow(/sold out/);
  });

  it('refuses an inactive product or variant, an unknown variant, and a product id that is not the product’s', () => {
    const draft = product('a', [[5, 0]], { status: 'draft' });
    const add =
      (p: Product | undefined, variantId = 'a-v0', productId = 'a') =>
      () =>
        addToCart(emptyCart('g'), p, { productId, variantId, quantity: 1 }, at);
    expect(add(draft)).toThrow(CartLineError);
    const inactive = product('a', [[5, 0]]);
    inactive.variants[0]!.active = false;
    expect(add(inactive)).toThrow(/not available/);
    expect(add(product('a', [[5, 0]]), 'a-v9')).toThrow(/not available/);
    expect(add(undefined)).toThrow(/not available/);
    expect(add(product('a', [[5, 0]]), 'a-v0', 'b')).toThrow(/not available/);
  });

  it('holds at most MAX_ORDER_LINES lines and MAX_LINE_QUANTITY of one variant', () => {
    const full = cartOf(...Array.from({ length: MAX_ORDER_LINES }, (_, i) => line(`p${i}`, `p${i}-v0`, 1, 1000)));
    expect(() => addToCart(full, product('z', [[5, 0]]), { productId: 'z', variantId: 'z-v0', quantity: 1 }, at)).toThrow(
      expect.objectContaining({ reason: 'too-many-lines' }),
    );
    // An existing line still grows in a full cart.
    expect(addToCart(full, product('p0', [[5, 0]]), { productId: 'p0', variantId: 'p0-v0', quantity: 1 }, at).lines[0]!.quantity).toBe(2);
    const many = cartOf(line('a', 'a-v0', MAX_LINE_QUANTITY, 1000));
    expect(() => addToCart(many, product('a', [[1000, 0]]), { productId: 'a', variantId: 'a-v0', quantity: 1 }, at)).toThrow(/At most 99/);
  });
});

describe('reconciling a read', () => {
  it('takes a new price, lowers a quantity to what is left, removes what cannot be sold: a notice each', () => {
    const cheaper = product('a', [[5, 0]]);
    const scarce = product('b', [[3, 1]]);
    const gone = product('c', [[5, 0]], { status: 'archived' });
    const soldOut = product('d', [[1, 1]]);
    const cart = cartOf(
      line('a', 'a-v0', 1, 1500),
      line('b', 'b-v0', 5, 1000),
      line('c', 'c-v0', 1, 1000),
      line('d', 'd-v0', 1, 1000),
      line('e', 'e-v0', 1, 1000),
    );
    const result = reconcile(cart, byId(cheaper, scarce, gone, soldOut), 'EUR');
    expect(result.changed).toBe(true);
    expect(result.cart.lines).toEqual([line('a', 'a-v0', 1, 1000), line('b', 'b-v0', 2, 1000)]);
    expect(result.notices.map((n) => [n.kind, n.productId, n.message])).toEqual([
      ['price-changed', 'a', 'Product a: price changed from €15.00 to €10.00.'],
      ['quantity-lowered', 'b', 'Only 2 left of Product b, quantity lowered.'],
      ['removed', 'c', 'Product c is no longer available, removed from your cart.'],
      ['removed', 'd', 'Product d is no longer available, removed from your cart.'],
      ['removed', 'e', 'An item is no longer available, removed from your cart.'],
    ]);
    // Saved, the same read tells nothing again.
    expect(reconcile(result.cart, byId(cheaper, scarce, gone, soldOut), 'EUR')).toMatchObject({ changed: false, notices: [] });
  });

  it('leaves an unchanged cart alone', () => {
    const cart = cartOf(line('a', 'a-v0', 2, 1000));
    expect(reconcile(cart, byId(product('a', [[5, 0]])), 'EUR')).toEqual({ cart, notices: [], changed: false });
  });
});

describe('changing a quantity', () => {
  it('sets it, removes at 0, refuses more than available, and says when the line is not there', () => {
    const p = product('a', [[4, 0]]);
    const cart = cartOf(line('a', 'a-v0', 1, 1000));
    expect(setLineQuantity(cart, p, 'a-v0', 3)!.lines[0]!.quantity).toBe(3);
    expect(setLineQuantity(cart, p, 'a-v0', 0)!.lines).toEqual([]);
    expect(() => setLineQuantity(cart, p, 'a-v0', 5)).toThrow(/Only 4 available/);
    expect(setLineQuantity(cart, p, 'a-v9', 1)).toBeUndefined();
  });
});

describe('merging a guest cart into the customer’s', () => {
  it('sums the same variant’s quantities capped by stock, appends new lines while there is room', () => {
    const a = product('a', [[5, 1]]);
    const b = product('b', [[9, 0]]);
    const mine = cartOf(line('a', 'a-v0', 3, 1000));
    const guest = cartOf(line('a', 'a-v0', 3, 1000), line('b', 'b-v0', 2, 1000));
    expect(mergeCarts(mine, guest, byId(a, b)).lines).toEqual([line('a', 'a-v0', 4, 1000), line('b', 'b-v0', 2, 1000)]);
  });

  it('never drops below what the customer had, and stops at MAX_ORDER_LINES', () => {
    const a = product('a', [[1, 0]]);
    const mine = cartOf(...Array.from({ length: MAX_ORDER_LINES - 1 }, (_, i) => line(`p${i}`, `p${i}-v0`, 1, 1000)), line('a', 'a-v0', 2, 1000));
    const guest = cartOf(line('a', 'a-v0', 1, 1000), line('z', 'z-v0', 1, 1000));
    const merged = mergeCarts(mine, guest, byId(a));
    expect(merged.lines).toHaveLength(MAX_ORDER_LINES);
    expect(merged.lines.at(-1)).toEqual(line('a', 'a-v0', 2, 1000));
  });
});

describe('expiry and the view', () => {
  it('treats a guest cart past its expiry as gone', () => {
    const cart = { ...cartOf(), expiresAt: Math.floor(at.getTime() / 1000) };
    expect(isExpired(cart, at)).toBe(true);
    expect(isExpired({ ...cart, expiresAt: cart.expiresAt + 1 }, at)).toBe(false);
    expect(isExpired(cartOf(), at)).toBe(false);
  });

  it('shows lines with totals, the count and the subtotal in minor units', () => {
    const p = product('a', [
      [5, 0],
      [5, 0],
    ]);
    const view = cartView(cartOf(line('a', 'a-v0', 2, 1000), line('a', 'a-v1', 1, 2000)), byId(p), [], 'EUR');
    expect(view.count).toBe(3);
    expect(view.subtotal).toEqual({ amount: 4000, currency: 'EUR' });
    expect(view.lines[1]).toMatchObject({ variant: 'Size: S1', lineTotal: { amount: 2000, currency: 'EUR' }, sku: 'A-1' });
  });
});
