/** What the header's currency switcher shows: the currency in use, the store's currencies, and the page to come back to. */
export type CurrencyChoice = { current: string; all: readonly string[]; back: string };

/**
 * The storefront's currency switcher (only in stores that sell in more than one currency): a
 * plain GET form to `/currency`, so it works without a script; the server sets the cookie and
 * comes back to this page (src/pricing/currency-cookie.ts).
 */
export function CurrencySwitcher(props: { choice: CurrencyChoice | undefined }) {
  const { choice } = props;
  if (!choice || choice.all.length < 2) return null;
  return (
    <form class="currency-switcher" method="get" action="/currency" data-testid="currency-switcher">
      <input type="hidden" name="back" value={choice.back} />
      <label>
        <span class="visually-hidden">Currency</span>
        <select name="set" aria-label="Currency">
          {choice.all.map((code) => (
            <option value={code} selected={code === choice.current}>
              {code}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="secondary-neutral">
        Show prices
      </button>
    </form>
  );
}

/** A product of which nothing is sold in the shopper's currency: said plainly, with the way back to the store's own. */
export function NotSoldIn(props: { currency: string; storeCurrency: string; back: string }) {
  const href = `/currency?${new URLSearchParams({ set: props.storeCurrency, back: props.back }).toString()}`;
  return (
    <p class="notice" data-testid="not-sold-in">
      Not available in {props.currency}. <a href={href}>Shop in {props.storeCurrency}</a>
    </p>
  );
}
