import type { StoreSettings } from '../settings/store-settings';

/**
 * The store's settings as a checkout in `currency` uses them: totals in that currency, and only
 * the shipping rates priced in it (a rate's `prices`), at that price. There are no exchange rates,
 * so a rate with a minimum subtotal (an amount in the store's own currency) is offered in another
 * currency only when it has no minimum.
 */
export function settingsIn<S extends Pick<StoreSettings, 'currency' | 'shippingRates'>>(settings: S, currency: string): S {
  if (currency === settings.currency) return settings;
  const shippingRates = settings.shippingRates.flatMap((rate) => {
    const price = rate.prices?.[currency];
    return price === undefined || (rate.minSubtotal !== null && rate.minSubtotal !== undefined) ? [] : [{ ...rate, price }];
  });
  return { ...settings, currency, shippingRates };
}
