import { allocate, percentOf } from './allocate';
import {
  type AppliedDiscount,
  classOf,
  type Discount,
  type DiscountClass,
  DISCOUNT_CLASSES,
  MAX_DISCOUNTS_PER_ORDER,
  REJECTION_MESSAGES,
  type Rejection,
  type RejectionReason,
  type Target,
} from './discount';

/**
 * Discount evaluation (docs/discounts.md, "Evaluation"): a pure function of the order's lines, the
 * candidate discounts and the moment, with no I/O, so it is property-tested (test/unit/discounts).
 *
 * 1. Candidates: every automatic discount, and every code discount whose code was entered.
 * 2. Each is checked on its own (dates, usage seen, targets, minimum); an entered code that fails
 *    gets its reason, an automatic one that fails is left out silently.
 * 3. Selection: by the amount each would take off on its own, largest first (ties: by id), a
 *    discount joins when it and every one already chosen combine with each other's class.
 * 4. Application, in class order product → order → shipping (within a class, the same order as
 *    selection): each takes off the lines' amounts left after the ones before it, so no line and
 *    no total ever goes below zero, and its amount is split over its lines by the largest
 *    remainder method, so the per-line shares add up exactly to it.
 */

export type EvaluatedLine = {
  productId: string;
  variantId: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  /** The product's categories WITH their ancestors (a target on a category reaches its subcategories), and its collections. */
  categoryIds: readonly string[];
  collectionIds: readonly string[];
};

export type EvaluationContext = {
  /** ISO 8601. */
  now: string;
  /** The codes the shopper entered, upper-case. */
  codes: readonly string[];
  /** The chosen shipping's price; 0 when none is chosen yet. */
  shipping: number;
  /** Uses counted so far (all orders, and this buyer's), by discount id; absent: none. */
  usage: ReadonlyMap<string, { total: number; buyer: number }>;
  /** The order is in another of the store's currencies: amounts of money in a discount are in the store's own, so those discounts do not apply (docs/pricing.md). */
  foreignCurrency?: boolean;
};

export type Evaluation = {
  /** Per line (in the order given): what the discounts took off it, and what is left. */
  lines: { variantId: string; discount: number; total: number }[];
  shippingDiscount: number;
  /** Everything taken off: the lines' discounts plus the shipping discount. */
  total: number;
  applied: AppliedDiscount[];
  rejected: Rejection[];
};

export function matches(target: Target, line: EvaluatedLine): boolean {
  switch (target.type) {
    case 'all':
      return true;
    case 'products':
      return target.ids.includes(line.productId);
    case 'variants':
      return target.ids.includes(line.variantId);
    case 'categories':
      return target.ids.some((id) => line.categoryIds.includes(id));
    case 'collections':
      return target.ids.some((id) => line.collectionIds.includes(id));
  }
}

/** Why a discount cannot apply to these lines at all, or undefined when it can. */
export function ineligibility(d: Discount, lines: readonly EvaluatedLine[], context: EvaluationContext): RejectionReason | undefined {
  if (context.now < d.startsAt) return 'not-started';
  if (d.endsAt !== null && context.now >= d.endsAt) return 'expired';
  if (context.foreignCurrency && (d.effect.type === 'fixed' || d.minimum.type === 'subtotal')) return 'store-currency-only';
  const used = context.usage.get(d.id) ?? { total: 0, buyer: 0 };
  if ((d.usageLimit !== null && used.total >= d.usageLimit) || (d.perCustomerLimit !== null && used.buyer >= d.perCustomerLimit)) return 'used-up';
  const targeted = lines.filter((line) => matches(d.target, line));
  if (targeted.length === 0) return 'not-for-these-products';
  if (d.minimum.type === 'subtotal' && targeted.reduce((sum, l) => sum + l.lineTotal, 0) < d.minimum.amount) return 'minimum-not-met';
  if (d.minimum.type === 'quantity' && targeted.reduce((sum, l) => sum + l.quantity, 0) < d.minimum.quantity) return 'minimum-not-met';
  if (d.effect.type === 'buy-x-get-y' && buyXGetYUnits(d, lines).length === 0) return 'minimum-not-met';
  return undefined;
}

/** The units buy X get Y discounts: the cheapest eligible units get it, each set paid for by the dearest buy units left. */
function buyXGetYUnits(d: Discount, lines: readonly EvaluatedLine[]): { line: number; price: number }[] {
  if (d.effect.type !== 'buy-x-get-y') return [];
  const { buyQuantity, getQuantity, getTarget, maxApplications } = d.effect;
  const units = lines.flatMap((line, i) =>
    Array.from({ length: line.quantity }, () => ({ line: i, price: line.unitPrice, buy: matches(d.target, line), get: matches(getTarget, line) })),
  );
  const byPrice = (direction: 1 | -1) => (a: { price: number; line: number }, b: { price: number; line: number }) =>
    a.price === b.price ? a.line - b.line : direction * (a.price - b.price);
  const getPool = units.filter((u) => u.get).sort(byPrice(1));
  const buyPool = units.filter((u) => u.buy).sort(byPrice(-1));
  const used = new Set<object>();
  const discounted: { line: number; price: number }[] = [];
  for (let applications = 0; maxApplications === null || applications < maxApplications; applications++) {
    const gets = getPool.filter((u) => !used.has(u)).slice(0, getQuantity);
    if (gets.length < getQuantity) break;
    const buys = buyPool.filter((u) => !used.has(u) && !gets.includes(u)).slice(0, buyQuantity);
    if (buys.length < buyQuantity) break;
    for (const u of [...gets, ...buys]) used.add(u);
    discounted.push(...gets);
  }
  return discounted;
}

/** What `d` takes off each line, given what is left of each line (`left`); every share ≤ what is left of its line. */
function lineShares(d: Discount, lines: readonly EvaluatedLine[], left: readonly number[]): number[] {
  const weights = lines.map((line, i) => (matches(d.target, line) ? left[i]! : 0));
  const base = weights.reduce((sum, w) => sum + w, 0);
  const effect = d.effect;
  switch (effect.type) {
    case 'percentage':
      return allocate(percentOf(base, effect.percentBp), weights);
    case 'fixed':
      if (effect.per === 'order') return allocate(Math.min(effect.amount, base), weights);
      return lines.map((line, i) => (weights[i]! > 0 ? Math.min(effect.amount * line.quantity, left[i]!) : 0));
    case 'free-shipping':
      return lines.map(() => 0);
    case 'buy-x-get-y': {
      const value = lines.map(() => 0);
      for (const unit of buyXGetYUnits(d, lines)) value[unit.line]! += unit.price;
      const shares = allocate(
        percentOf(
          value.reduce((sum, x) => sum + x, 0),
          effect.percentBp,
        ),
        value,
      );
      return shares.map((share, i) => Math.min(share, left[i]!));
    }
  }
}

const CLASS_ORDER = new Map<DiscountClass, number>(DISCOUNT_CLASSES.map((c, i) => [c, i]));
const combine = (a: Discount, b: Discount) => a.combinesWith[classOf(b)] && b.combinesWith[classOf(a)];

export function evaluate(lines: readonly EvaluatedLine[], discounts: readonly Discount[], context: EvaluationContext): Evaluation {
  const entered = new Set(context.codes);
  const rejected: Rejection[] = [];
  const reject = (code: string, reason: RejectionReason) => rejected.push({ code, reason, message: REJECTION_MESSAGES[reason] });
  const known = new Set(discounts.flatMap((d) => (d.code ? [d.code] : [])));
  for (const code of entered) if (!known.has(code)) reject(code, 'unknown');

  const untouched = lines.map((l) => l.lineTotal);
  const eligible: { d: Discount; alone: number }[] = [];
  for (const d of [...discounts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (d.method === 'code' && !(d.code && entered.has(d.code))) continue;
    const reason = ineligibility(d, lines, context);
    if (reason) {
      if (d.code) reject(d.code, reason);
      continue;
    }
    const alone = lineShares(d, lines, untouched).reduce((sum, x) => sum + x, 0) + (d.effect.type === 'free-shipping' ? context.shipping : 0);
    eligible.push({ d, alone });
  }

  const chosen: { d: Discount; alone: number }[] = [];
  for (const candidate of [...eligible].sort((a, b) => b.alone - a.alone)) {
    if (chosen.length < MAX_DISCOUNTS_PER_ORDER && chosen.every(({ d }) => combine(d, candidate.d))) chosen.push(candidate);
    else if (candidate.d.code) reject(candidate.d.code, 'does-not-combine');
  }

  const left = [...untouched];
  let shippingLeft = context.shipping;
  const applied: AppliedDiscount[] = [];
  const ordered = chosen.map((c, rank) => ({ ...c, rank })).sort((a, b) => CLASS_ORDER.get(classOf(a.d))! - CLASS_ORDER.get(classOf(b.d))! || a.rank - b.rank);
  for (const { d } of ordered) {
    const shares = lineShares(d, lines, left);
    shares.forEach((share, i) => {
      left[i]! -= share;
    });
    const shipping = d.effect.type === 'free-shipping' ? shippingLeft : 0;
    shippingLeft -= shipping;
    applied.push({
      discountId: d.id,
      code: d.code,
      title: d.title,
      class: classOf(d),
      amount: shares.reduce((sum, x) => sum + x, 0) + shipping,
      lines: shares.flatMap((amount, i) => (amount > 0 ? [{ variantId: lines[i]!.variantId, amount }] : [])),
      shipping,
    });
  }
  const shippingDiscount = context.shipping - shippingLeft;
  const perLine = lines.map((line, i) => ({ variantId: line.variantId, discount: line.lineTotal - left[i]!, total: left[i]! }));
  return {
    lines: perLine,
    shippingDiscount,
    total: perLine.reduce((sum, l) => sum + l.discount, 0) + shippingDiscount,
    applied,
    rejected,
  };
}
