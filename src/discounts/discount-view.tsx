import { ValidationError } from '../shared/errors';
import { MAX_CODES, type OrderDiscounts } from './discount';

/**
 * What a shopper sees of discounts on the cart and checkout pages: a code field (a plain GET form,
 * no script needed), each discount applied with what it took off, and for each entered code that
 * does not apply, why. The entered codes travel in the page's query string (`?code=A&code=B`),
 * not in a cookie: the page's address is its whole state, a GET form and a "Remove" link need no
 * script and no write, and nothing outlives the visit behind the shopper's back (docs/discounts.md).
 */
export function DiscountCodeForm(props: { action: string; codes: readonly string[]; hidden?: Record<string, string[]> }) {
  const full = props.codes.length >= MAX_CODES;
  return (
    <form method="get" action={props.action} class="discount-code" data-testid="discount-code-form">
      {Object.entries(props.hidden ?? {}).flatMap(([name, values]) => values.map((value) => <input type="hidden" name={name} value={value} />))}
      {props.codes.map((code) => (
        <input type="hidden" name="code" value={code} />
      ))}
      {full ? (
        <p class="hint">At most {MAX_CODES} codes at once: remove one to enter another.</p>
      ) : (
        <>
          <label>
            {props.codes.length > 0 ? 'Another discount code' : 'Discount code'}
            <input name="code" value="" maxlength={40} autocomplete="off" autocapitalize="characters" spellcheck={false} />
          </label>
          <button type="submit">Apply</button>
        </>
      )}
    </form>
  );
}

/** `action` with the page's other values and the entered codes in its query string (what the forms and links carry). */
export function withCodes(action: string, codes: readonly string[], hidden: Record<string, string[]> = {}): string {
  const query = new URLSearchParams([
    ...Object.entries(hidden).flatMap(([name, values]) => values.map((value): [string, string] => [name, value])),
    ...codes.map((code): [string, string] => ['code', code]),
  ]);
  const text = query.toString();
  return text ? `${action}?${text}` : action;
}

function RemoveCode(props: { code: string | null; href: ((code: string) => string) | undefined }) {
  if (!props.code || !props.href) return null;
  return (
    <>
      {' '}
      <a href={props.href(props.code)} class="remove-code" data-testid="remove-code">
        Remove<span class="visually-hidden"> code {props.code}</span>
      </a>
    </>
  );
}

/** `removeHref`: where each entered code's "Remove" link goes (the same page without it). */
export function DiscountSummary(props: { discounts: OrderDiscounts | undefined; format: (amount: number) => string; removeHref?: (code: string) => string }) {
  const { discounts } = props;
  if (!discounts) return null;
  return (
    <div class="discounts">
      {discounts.applied.length > 0 ? (
        <ul class="discount-lines" data-testid="discount-lines">
          {discounts.applied.map((d) => (
            <li data-testid="discount-line">
              <span>{d.code ? `${d.title} (${d.code})` : d.title}</span> <strong>−{props.format(d.amount)}</strong>
              <RemoveCode code={d.code} href={props.removeHref} />
            </li>
          ))}
        </ul>
      ) : null}
      {discounts.rejected.length > 0 ? (
        <ul class="notices" role="alert" data-testid="discount-rejections">
          {discounts.rejected.map((r) => (
            <li class="notice warning" data-reason={r.reason}>
              <strong>{r.code}</strong>: {r.message}
              <RemoveCode code={r.code} href={props.removeHref} />
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

/**
 * `?code=` of a page, repeated: each as `codeParam` reads it, blanks dropped, a repeat once, in the
 * order entered. More than MAX_CODES is refused (422), as the quote's `discountCodes` is.
 */
export function codesParam(values: readonly string[]): string[] {
  const codes = [...new Set(values.map(codeParam).filter((code) => code.length > 0))];
  if (codes.length > MAX_CODES)
    throw new ValidationError(`At most ${MAX_CODES} discount codes at once.`, [{ path: 'code', message: `must name at most ${MAX_CODES} codes` }]);
  return codes;
}
