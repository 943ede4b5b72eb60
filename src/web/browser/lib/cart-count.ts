/**
 * The mini cart's number, shared by the page scripts that change the cart (the product page's
 * "Add to cart", the wishlist's "Move to cart") and the minicart script that shows it.
 */
const EVENT = 'cart:count';

export function announceCartCount(count: number) {
  document.dispatchEvent(new CustomEvent<number>(EVENT, { detail: count }));
}

export function onCartCount(listener: (count: number) => void) {
  document.addEventListener(EVENT, (event) => listener((event as CustomEvent<number>).detail));
}
