/**
 * The product page's review form and report buttons (src/storefront/review-parts.tsx). The form
 * loads the customer's own review (if any) into its fields, disabled until that answer arrives so
 * a late answer never overwrites what they type; saving sends it whole (PUT), removing deletes it.
 * After a change the page reloads: the summary and list are the server's to render.
 */
import { ApiError, createApi } from './api';

type OwnReview = { rating: number; title: string; text: string; authorName: string; status: 'pending' | 'published' | 'rejected' };

const api = createApi('/auth/session');
const STATUS_NOTES = {
  published: 'Thank you: your review is published.',
  pending: 'Thank you: your review will show once the store has approved it.',
  rejected: 'The store did not publish your review; you can rewrite it.',
} as const;

export function setUpReviews(section: HTMLElement) {
  const productId = section.dataset.productId!;
  const status = section.querySelector<HTMLElement>('[data-review-status]')!;
  const say = (text: string) => {
    status.textContent = text;
  };
  const form = section.querySelector<HTMLFormElement>('#review-form');
  const path = `/products/${encodeURIComponent(productId)}/review`;

  if (form) {
    const controls = Array.from(form.elements) as (HTMLInputElement | HTMLButtonElement | HTMLTextAreaElement)[];
    const enable = (on: boolean) => {
      for (const control of controls) control.disabled = !on;
    };
    const removeButton = form.querySelector<HTMLButtonElement>('[data-delete-review]')!;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement;
    enable(false);
    api<OwnReview>('GET', path)
      .then((mine) => {
        const stars = form.querySelector<HTMLInputElement>(`input[name=rating][value="${mine.rating}"]`);
        if (stars) stars.checked = true;
        field('title').value = mine.title;
        field('text').value = mine.text;
        field('authorName').value = mine.authorName === 'A customer' ? '' : mine.authorName;
        form.querySelector('button[type=submit]')!.textContent = 'Update review';
        removeButton.hidden = false;
        say(STATUS_NOTES[mine.status]);
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError && error.status === 404)) say(error instanceof Error ? error.message : String(error));
      })
      .finally(() => enable(true));

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      enable(false);
      api<OwnReview>('PUT', path, {
        rating: Number(data.get('rating')),
        title: String(data.get('title') ?? ''),
        text: String(data.get('text') ?? ''),
        authorName: String(data.get('authorName') ?? ''),
      })
        .then((saved) => {
          say(STATUS_NOTES[saved.status]);
          if (saved.status === 'published') location.reload();
        })
        .catch((error: unknown) => say(error instanceof Error ? error.message : String(error)))
        .finally(() => enable(true));
    });

    removeButton.addEventListener('click', () => {
      if (!confirm('Remove your review?')) return;
      enable(false);
      api('DELETE', path)
        .then(() => location.reload())
        .catch((error: unknown) => {
          say(error instanceof Error ? error.message : String(error));
          enable(true);
        });
    });
  }

  section.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('[data-report-review]');
    if (!button) return;
    button.disabled = true;
    api('PUT', `/products/${encodeURIComponent(productId)}/reviews/${encodeURIComponent(button.dataset.reportReview!)}/report`)
      .then(() => {
        button.textContent = 'Reported';
        say('Thank you: the store will look at this review.');
      })
      .catch((error: unknown) => {
        button.disabled = false;
        say(error instanceof Error ? error.message : String(error));
      });
  });
}
