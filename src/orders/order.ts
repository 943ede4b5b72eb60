import * as v from 'valibot';
import { IssuedDocumentSchema } from '../invoices/document';
import { DiscountCodesSchema, OrderDiscountsSchema } from '../discounts/discount';
import { MAX_ORDER_LINES } from '../shopping/limits';

/** Most units of one variant an order line may take. */
export const MAX_LINE_QUANTITY = 99;

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an id'));
const Line = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max));

/** One line a checkout is asked for: which variant and how many (the cart's `cartLines` have this shape). */
export const CheckoutLineSchema = v.strictObject({
  productId: Id,
  variantId: Id,
  quantity: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_LINE_QUANTITY)),
});
export type CheckoutLine = v.InferOutput<typeof CheckoutLineSchema>;

/**
 * The lines, at least one. More than MAX_ORDER_LINES is a 422 of its own (checked by the service,
 * after merging repeats of a variant), so the schema lets a few more through to say why.
 */
export const CheckoutLinesSchema = v.pipe(v.array(CheckoutLineSchema), v.minLength(1, 'must have at least one line'), v.maxLength(MAX_ORDER_LINES * 4));

export const AddressSchema = v.strictObject({
  name: Line(120),
  line1: Line(200),
  line2: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200)), ''),
  city: Line(100),
  postalCode: Line(20),
  /** ISO 3166-1 alpha-2. */
  country: v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as DE')),
});
export type Address = v.InferOutput<typeof AddressSchema>;

const Email = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email('must be an email address'), v.maxLength(254));

/** Body of POST /checkout/quote. */
export const QuoteRequestSchema = v.strictObject({
  email: v.optional(Email),
  shippingAddress: v.optional(AddressSchema),
  shippingMethodId: v.optional(v.pipe(v.string(), v.maxLength(40))),
  lines: CheckoutLinesSchema,
  /** Discount codes the shopper entered (src/discounts/); automatic discounts apply without. */
  discountCodes: DiscountCodesSchema,
});
export type QuoteRequest = v.InferOutput<typeof QuoteRequestSchema>;

/** The test provider's card (src/payments/test-provider.ts): only its number matters. */
export const CardSchema = v.strictObject({ number: v.pipe(v.string(), v.regex(/^\d{12,19}$/, 'must be 12 to 19 digits')) });

/** Body of POST /checkout/orders. */
export const PlaceOrderSchema = v.strictObject({
  email: Email,
  shippingAddress: AddressSchema,
  shippingMethodId: v.pipe(v.string(), v.maxLength(40)),
  lines: CheckoutLinesSchema,
  card: CardSchema,
  discountCodes: DiscountCodesSchema,
});
export type PlaceOrder = v.InferOutput<typeof PlaceOrderSchema>;

/**
 * Body of POST /checkout/orders, either form: the lines named (`lines`, "buy now" or a client's own
 * basket), or the caller's cart (`fromCart: true`, no `lines`): its lines, re-checked as on any cart
 * read, and the cart emptied once the order is placed. `fromCart` picks the form, so a bad body's
 * errors name the fields of the form it meant.
 */
export const PlaceOrderRequestSchema = v.variant('fromCart', [
  v.strictObject({ ...PlaceOrderSchema.entries, fromCart: v.optional(v.literal(false)) }),
  v.strictObject({ ...v.omit(PlaceOrderSchema, ['lines']).entries, fromCart: v.literal(true) }),
]);
export type PlaceOrderRequest = v.InferOutput<typeof PlaceOrderRequestSchema>;

export const ORDER_STATUSES = ['placed', 'paid', 'partially-fulfilled', 'fulfilled', 'delivered', 'cancelled', 'refunded', 'expired'] as const;
export const OrderStatusSchema = v.picklist(ORDER_STATUSES);
export type OrderStatus = v.InferOutput<typeof OrderStatusSchema>;

export const TotalsSchema = v.strictObject({
  currency: v.string(),
  subtotal: v.number(),
  shipping: v.number(),
  /** The tax in `total` (inclusive prices) or added to it (exclusive). */
  tax: v.number(),
  /** Everything the discounts took off (goods and shipping, src/discounts/); absent: none were evaluated. */
  discount: v.optional(v.number()),
  total: v.number(),
  taxRate: v.number(),
  pricesIncludeTax: v.boolean(),
});
export type Totals = v.InferOutput<typeof TotalsSchema>;

export const PricedLineSchema = v.strictObject({
  productId: v.string(),
  variantId: v.string(),
  sku: v.string(),
  name: v.string(),
  optionValues: v.array(v.string()),
  unitPrice: v.number(),
  /** The variant's "was" price when it was on sale at this price (src/pricing/sale.ts); absent otherwise. */
  compareAtPrice: v.optional(v.number()),
  /** The price list the unit price came from (src/pricing/price-context.ts `PriceListName`); absent: the variant's own price ('base'). */
  priceList: v.optional(v.string()),
  quantity: v.number(),
  lineTotal: v.number(),
});
export type PricedLine = v.InferOutput<typeof PricedLineSchema>;

export const ShippingChoiceSchema = v.strictObject({ id: v.string(), name: v.string(), price: v.number() });

/** POST /checkout/quote's answer: every amount computed here, integer minor units. */
export const QuoteSchema = v.strictObject({
  lines: v.array(PricedLineSchema),
  shippingMethod: v.nullable(ShippingChoiceSchema),
  /** The store's flat rates this order may use (a rate's `minSubtotal` may rule it out). */
  shippingMethods: v.array(ShippingChoiceSchema),
  totals: TotalsSchema,
  /** The discounts applied and why entered codes were not (src/discounts/). */
  discounts: v.optional(OrderDiscountsSchema),
});
export type Quote = v.InferOutput<typeof QuoteSchema>;

export const OrderLineSchema = v.strictObject({ ...PricedLineSchema.entries, fulfilled: v.number() });
export type OrderLine = v.InferOutput<typeof OrderLineSchema>;

export const PaymentStateSchema = v.strictObject({
  provider: v.string(),
  id: v.string(),
  status: v.picklist(['pending', 'succeeded', 'failed', 'refunded']),
});

export const OrderNoteSchema = v.strictObject({ at: v.string(), by: v.string(), text: v.string() });
export const OrderHistorySchema = v.strictObject({ at: v.string(), by: v.string(), status: OrderStatusSchema, note: v.optional(v.string()) });

/** The order item as stored (and as staff see it). `id` is also the order number customers quote. */
export const OrderSchema = v.strictObject({
  id: v.string(),
  status: OrderStatusSchema,
  email: v.string(),
  customerId: v.nullable(v.string()),
  shippingAddress: AddressSchema,
  shippingMethod: ShippingChoiceSchema,
  lines: v.array(OrderLineSchema),
  totals: TotalsSchema,
  /** The discounts as placed: kept on the order, so later edits of a discount never change it. */
  discounts: v.optional(OrderDiscountsSchema),
  payment: PaymentStateSchema,
  /** Until when unpaid stock is held; null once paid or released. */
  reservedUntil: v.nullable(v.string()),
  notes: v.array(OrderNoteSchema),
  history: v.array(OrderHistorySchema),
  placedAt: v.string(),
  updatedAt: v.string(),
  version: v.number(),
  /** Issued in the transaction that marks the order paid (src/invoices/numbering.ts). */
  invoice: v.optional(IssuedDocumentSchema),
  /** Issued in the transaction that refunds an invoiced payment. */
  creditNote: v.optional(IssuedDocumentSchema),
});
export type Order = v.InferOutput<typeof OrderSchema>;

/** What a customer (or a guest with the number and email) sees: no staff notes. */
export const CustomerOrderSchema = v.strictObject(v.omit(OrderSchema, ['notes', 'version', 'customerId']).entries);
export type CustomerOrder = v.InferOutput<typeof CustomerOrderSchema>;

export const customerView = ({ notes: _notes, version: _version, customerId: _customer, ...order }: Order): CustomerOrder => order;

/** Body of POST /orders/lookup: a guest finds their order by its number and their email. */
export const OrderLookupSchema = v.strictObject({ number: v.pipe(v.string(), v.trim(), v.maxLength(64)), email: Email });

/** POST /admin/orders/:orderId/fulfilments: how many units of which lines ship now. */
export const FulfilmentSchema = v.strictObject({
  lines: v.pipe(
    v.array(v.strictObject({ variantId: Id, quantity: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_LINE_QUANTITY)) })),
    v.minLength(1),
    v.maxLength(MAX_ORDER_LINES),
  ),
  /** The parcel's carrier and tracking number, as staff type it: kept in the order's history and the event. */
  tracking: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
});
export type Fulfilment = v.InferOutput<typeof FulfilmentSchema>;

/** POST /admin/orders/:orderId/cancel and …/refund: whether the stock goes back on the shelf. */
export const StockChoiceSchema = v.strictObject({ restock: v.boolean() });
export const NoteSchema = v.strictObject({ text: Line(2000) });

/** `?status=&q=&limit=&cursor=` of the staff order list. */
export const OrderListQuerySchema = v.object({
  status: v.optional(OrderStatusSchema),
  q: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(100))),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100'), v.transform(Number), v.minValue(1), v.maxValue(100)),
    '20',
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});
export type OrderListQuery = v.InferOutput<typeof OrderListQuerySchema>;

/** POST /checkout/orders' answer: the order as its buyer sees it. */
export const PlacedOrderSchema = CustomerOrderSchema;
