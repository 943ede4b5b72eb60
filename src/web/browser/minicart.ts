/**
 * The header's mini cart on every storefront page. The pages are the same for every visitor (the
 * edge keeps them), so the number is asked for here (`GET /cart/summary`, private), and follows
 * every change a page script announces. An announcement beats the first answer: a summary that
 * arrives after the shopper already added something is older than what the page knows.
 */
import { call } from './lib/api';
import { onCartCount } from './lib/cart-count';

const counter = document.querySelector<HTMLElement>('[data-cart-count]');
const link = document.querySelector<HTMLAnchorElement>('#cart-link');
let announced = false;

function show(count: number) {
  if (counter) counter.textContent = count > 0 ? String(count) : '';
  link?.setAttribute('aria-label', count > 0 ? `Cart, ${count} item${count === 1 ? '' : 's'}` : 'Cart, empty');
}

onCartCount((count) => {
  announced = true;
  show(count);
});

call<{ count: number }>('GET', '/cart/summary')
  .then(({ count }) => {
    if (!announced) show(count);
  })
  .catch(() => {
    // The number is a convenience: the link still leads to the cart.
  });
