/**
 * Splits an integer `amount` over integer `weights` in proportion, by the largest remainder
 * method: each share is the floor of its exact part, and the units left over go one each to the
 * largest fractional parts (ties: the earlier weight). The shares add up EXACTLY to `amount`, and
 * no share exceeds its weight when `amount` ≤ the weights' sum. BigInt, so no product overflows.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (amount === 0 || total === 0) return weights.map(() => 0);
  const a = BigInt(amount);
  const t = BigInt(total);
  const exact = weights.map((w) => a * BigInt(w));
  const shares = exact.map((e) => e / t);
  let left = amount - shares.reduce((sum, s) => sum + Number(s), 0);
  const order = exact.map((e, i) => ({ i, rest: e % t })).sort((x, y) => (x.rest === y.rest ? x.i - y.i : x.rest > y.rest ? -1 : 1));
  const result = shares.map(Number);
  for (const { i } of order) {
    if (left === 0) break;
    result[i]! += 1;
    left -= 1;
  }
  return result;
}

/** `amount · bp / 10 000`, halves rounded up: an amount in minor units, so rounding is to the currency's minor unit. */
export function percentOf(amount: number, bp: number): number {
  const n = BigInt(amount) * BigInt(bp);
  return Number((2n * n + 10_000n) / 20_000n);
}
