import type { Product } from '../../src/catalog/product';
import { searchDocOf, type SearchDoc } from '../../src/search/document';

/** A store's categories for generated catalogs. */
export const SAMPLE_CATEGORIES = ['Shirts', 'Trousers', 'Shoes', 'Jackets', 'Hats', 'Bags', 'Socks', 'Knitwear'].map((name, i) => ({
  id: `cat${i}`,
  slug: name.toLowerCase(),
  name,
}));

const ADJECTIVES = ['Classic', 'Slim', 'Relaxed', 'Organic', 'Vintage', 'Everyday', 'Heavy', 'Light', 'Soft', 'Rugged', 'Summer', 'Winter'];
const MATERIALS = ['Cotton', 'Linen', 'Wool', 'Denim', 'Leather', 'Canvas', 'Fleece', 'Silk'];
const COLOURS = ['Red', 'Blue', 'Green', 'Black', 'White', 'Grey', 'Navy', 'Olive'];
const SIZES = ['S', 'M', 'L', 'XL'];

/** A product as the catalog stores it, made from its number: the same `n` always makes the same product. */
export function sampleProduct(n: number, overrides: Partial<Product> = {}): Product {
  const category = SAMPLE_CATEGORIES[n % SAMPLE_CATEGORIES.length]!;
  const name = `${ADJECTIVES[n % ADJECTIVES.length]} ${MATERIALS[(n >> 2) % MATERIALS.length]} ${category.name.replace(/s$/, '')} ${n}`;
  const colours = [COLOURS[n % COLOURS.length]!, COLOURS[(n + 3) % COLOURS.length]!];
  const variants = colours.flatMap((colour, c) =>
    SIZES.slice(0, 2).map((size, s) => ({
      id: `v${c}${s}`,
      sku: `SKU-${n}-${c}${s}`,
      optionValues: [colour, size],
      price: 500 + ((n * 37) % 30_000),
      compareAtPrice: null,
      lowStockThreshold: null,
      weightGrams: null,
      barcode: null,
      imageIds: [],
      active: true,
    })),
  );
  return {
    id: `p${n}`,
    handle: `product-${n}`,
    name,
    description: `A ${name.toLowerCase()} made to last. Washes well, keeps its shape, and goes with everything in the ${category.name.toLowerCase()} range.`,
    status: 'active',
    tags: [],
    images: [],
    options: [
      { name: 'Colour', values: colours },
      { name: 'Size', values: SIZES.slice(0, 2) },
    ],
    variants,
    stock: Object.fromEntries(variants.map((variant) => [variant.id, { onHand: n % 5 === 0 ? 0 : 10, reserved: 0 }])),
    listedPrice: variants[0]!.price,
    listedCompareAt: null,
    available: n % 5 !== 0,
    variantCount: variants.length,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** The document of sample product `n`, in its category. */
export function sampleDoc(n: number, overrides: Partial<Product> = {}): SearchDoc {
  return searchDocOf(sampleProduct(n, overrides), [SAMPLE_CATEGORIES[n % SAMPLE_CATEGORIES.length]!.id], SAMPLE_CATEGORIES);
}

export function sampleDocs(count: number): SearchDoc[] {
  return Array.from({ length: count }, (_, n) => sampleDoc(n));
}
