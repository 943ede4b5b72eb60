import type { OrderDiscounts } from './discount';

/**
 * What a shopper sees of discounts on the cart and checkout pages: a code field (a plain GET form,
 * no script needed), each discount applied with what it took off, and for each entered code that
 * does not apply, why.
 */
export function DiscountCodeForm(props: { action: string; code: string; hidden?: Record<string, string[]> }) {
  return (
    <form method="get" action={props.action} class="discount-code" data-testid="discount-code-form">
      {Object.entries(props.hidden ?? {}).flatMap(([name, values]) => values.map((value) => <input type="hidden" name={name} value={value} />))}
      <label>
        Discount code
        <input name="code" value={props.code} maxlength={40} autocomplete="off" autocapitalize="characters" spellcheck={false} />
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

export function DiscountSummary(props: { discounts: OrderDiscounts | undefined; format: (amount: number) => string }) {
  const { discounts } = props;
  if (!discounts) return null;
  return (
    <div class="discounts">
      {discounts.applied.length > 0 ? (
        <ul class="discount-lines" data-testid="discount-lines">
          {discounts.applied.map((d) => (
            <li data-testid="discount-line">
              <span>{d.code ? `${d.title} (${d.code})` : d.title}</span> <strong>−{props.format(d.amount)}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {discounts.rejected.length > 0 ? (
        <ul class="notices" role="alert" data-testid="discount-rejections">
          {discounts.rejected.map((r) => (
            <li class="notice warning" data-reason={r.reason}>
              <strong>{r.code}</strong>: {r.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** `?code=` of a page: one code, trimmed and upper-cased; anything longer than a code is ignored. */
export function codeParam(value: string | undefined): string {
  const code = (value ?? '').trim().toUpperCase();
  return code.length > 0 && code.length <= 40 ? code : '';
}
