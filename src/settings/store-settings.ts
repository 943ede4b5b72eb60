import * as v from 'valibot';

/** ISO 4217: every price in the store is an integer number of this currency's minor units. */
export const CurrencySchema = v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'));

const MinorUnitsSchema = v.pipe(
  v.number(),
  v.integer('must be an integer number of minor units'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(10_000_000_000),
);
const LineSchema = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const RequiredLineSchema = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max));

export const ShippingRateSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1-40 lowercase letters, digits or hyphens')),
  name: RequiredLineSchema(80),
  price: MinorUnitsSchema,
  /** Free (or this rate) only from this subtotal on; null: always offered. */
  minSubtotal: v.optional(v.nullable(MinorUnitsSchema), null),
  /**
   * Its price in the store's other currencies (docs/pricing.md, "Currencies"). No exchange rates:
   * a rate without a price in an order's currency is not offered in it.
   */
  prices: v.optional(v.record(CurrencySchema, MinorUnitsSchema)),
});

/** Who sells: printed on invoices, shown in the storefront's footer. */
export const LegalIdentitySchema = v.strictObject({
  name: LineSchema(120),
  address: LineSchema(400),
  vatId: LineSchema(40),
  email: v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.email('must be an email address'), v.maxLength(254))]),
});

export const REVIEW_MODERATION = ['publish', 'hold'] as const;
/** Who may review a product: customers who bought it (a paid order), or any signed-in customer. */
export const REVIEWS_FROM = ['buyers', 'customers'] as const;

/** The most currencies a store may sell in besides its own. */
export const MAX_CURRENCIES = 10;

/** Currencies the store also sells in (docs/pricing.md): each variant priced explicitly in each, never converted. */
const CurrenciesSchema = v.pipe(
  v.array(CurrencySchema),
  v.maxLength(MAX_CURRENCIES, `must have at most ${MAX_CURRENCIES} currencies`),
  v.check((codes) => new Set(codes).size === codes.length, 'currencies must be unique'),
);

const settingsFields = {
  currency: CurrencySchema,
  /** Optional so stores and clients from before it keep working: none besides `currency`. */
  currencies: v.optional(CurrenciesSchema, []),
  /** Basis points: 2000 is 20 %. Integer so tax arithmetic never meets a float. */
  taxRate: v.pipe(v.number(), v.integer('must be an integer number of basis points (2000 = 20 %)'), v.minValue(0), v.maxValue(10_000)),
  pricesIncludeTax: v.boolean(),
  shippingRates: v.pipe(
    v.array(ShippingRateSchema),
    v.maxLength(10),
    v.check((rates) => new Set(rates.map((r) => r.id)).size === rates.length, 'shipping rate ids must be unique'),
  ),
  legal: LegalIdentitySchema,
  /** How long an unpaid order holds its stock. */
  reservationMinutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1440)),
  reviewModeration: v.picklist(REVIEW_MODERATION),
  /** Optional so stores and clients from before it keep working: buyers only unless the owner opens reviews to every customer. */
  reviewsFrom: v.optional(v.picklist(REVIEWS_FROM), 'buyers'),
};

/** As stored on the store's record: `version` guards concurrent edits. */
export const StoreSettingsSchema = v.object({ ...settingsFields, version: v.pipe(v.number(), v.integer(), v.minValue(0)) });
export type StoreSettings = v.InferOutput<typeof StoreSettingsSchema>;

/** Body of PUT /admin/settings: the whole document and the version it was read at. */
export const StoreSettingsUpdateSchema = v.pipe(
  v.strictObject({ ...settingsFields, version: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  v.forward(
    v.check((settings) => !settings.currencies.includes(settings.currency), 'must not include the store’s own currency'),
    ['currencies'],
  ),
);
export type StoreSettingsUpdate = v.InferOutput<typeof StoreSettingsUpdateSchema>;

/** What a manifest or an onboarding may preset; everything else takes the defaults. */
export const StoreSettingsPresetSchema = v.partial(v.strictObject(settingsFields));
export type StoreSettingsPreset = v.InferOutput<typeof StoreSettingsPresetSchema>;

/** A new store's settings before its owner changes anything. */
export function defaultSettings(preset: StoreSettingsPreset = {}): StoreSettings {
  return {
    currency: 'EUR',
    currencies: [],
    taxRate: 0,
    pricesIncludeTax: true,
    shippingRates: [],
    legal: { name: '', address: '', vatId: '', email: '' },
    reservationMinutes: 15,
    reviewModeration: 'publish',
    reviewsFrom: 'buyers',
    ...preset,
    version: 0,
  };
}

/** What the storefront and checkout may show anyone: no legal contact details beyond the name. */
export const PublicSettingsSchema = v.strictObject({
  currency: CurrencySchema,
  /** The other currencies a shopper may choose (the storefront's switcher); always sent, optional for clients written before it. */
  currencies: v.optional(v.array(CurrencySchema)),
  taxRate: settingsFields.taxRate,
  pricesIncludeTax: v.boolean(),
  shippingRates: v.array(ShippingRateSchema),
  sellerName: v.string(),
});

export function publicSettings(settings: StoreSettings): v.InferOutput<typeof PublicSettingsSchema> {
  const { currency, currencies = [], taxRate, pricesIncludeTax, shippingRates, legal } = settings;
  return { currency, currencies, taxRate, pricesIncludeTax, shippingRates, sellerName: legal.name };
}
