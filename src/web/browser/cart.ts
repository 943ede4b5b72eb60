/**
 * The cart and wishlist pages' forms. They work without a script (POST, then the page again); a
 * signed-in shopper's session cookie, though, is only trusted with this site's CSRF header, which
 * a plain form cannot send. So each form is sent here with it, and the page follows the answer's
 * redirect. Buttons stay disabled while a form is on its way, so a double click sends it once.
 */
import { PAGE_HEADERS } from './lib/api';

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-cart-form]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button')];
    for (const button of buttons) button.disabled = true;
    try {
      const body = new URLSearchParams();
      for (const [name, value] of new FormData(form)) body.append(name, String(value));
      // The attribute, not `form.action`: the form's own field named "action" shadows that property.
      const target = form.getAttribute('action') ?? location.pathname;
      const response = await fetch(target, { method: 'POST', credentials: 'same-origin', headers: PAGE_HEADERS, body });
      location.assign(response.redirected ? response.url : target);
    } catch {
      for (const button of buttons) button.disabled = false;
      const status = document.querySelector('[data-form-status]');
      if (status) status.textContent = 'That did not go through; check your connection and try again.';
    }
  });
}
