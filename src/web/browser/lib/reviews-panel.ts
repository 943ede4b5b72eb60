/**
 * The console's Reviews section (src/console/reviews-section.tsx): the list of a state (or the
 * reported ones) a page at a time, and approve / reject / remove on each. The filter is disabled
 * while its list loads, and an answer for a filter no longer chosen is dropped, so a slow answer
 * never replaces the list the admin is looking at.
 */
import type { createApi } from './api';
import { $, closest, el, fillRows } from './dom';

type AdminReview = {
  id: string;
  productId: string;
  authorName: string;
  rating: number;
  title: string;
  text: string;
  status: 'pending' | 'published' | 'rejected';
  verified: boolean;
  reports: number;
  flagged: boolean;
  version: number;
};
type Page = { items: AdminReview[]; nextCursor: string | null };

export function wireReviews(api: ReturnType<typeof createApi>, productName: (id: string) => string | undefined) {
  const section = $('#reviews-section');
  const filter = $<HTMLSelectElement>('select[name=status]', section);
  const table = $('#reviews-table', section);
  const more = $<HTMLButtonElement>('#reviews-more', section);
  const status = $('#reviews-status', section);
  const say = (text: string) => {
    status.textContent = text;
  };
  let shown: AdminReview[] = [];
  let cursor: string | null = null;
  let current = 0;

  const row = (review: AdminReview) => {
    const actions = el('div', { class: 'buttons' });
    if (review.status !== 'published')
      actions.append(el('button', { type: 'button', 'data-action': 'published', 'aria-label': `Approve “${review.title}”` }, 'Approve'));
    if (review.status !== 'rejected' || review.flagged)
      actions.append(el('button', { type: 'button', class: 'secondary', 'data-action': 'rejected', 'aria-label': `Reject “${review.title}”` }, 'Reject'));
    actions.append(el('button', { type: 'button', class: 'delete secondary', 'data-action': 'remove', 'aria-label': `Remove “${review.title}”` }, 'Remove'));
    return el(
      'tr',
      { 'data-id': review.id, 'data-testid': 'admin-review' },
      el(
        'td',
        {},
        el('strong', {}, review.title),
        el('br'),
        el('span', { class: 'review-text' }, review.text),
        el('br'),
        el('small', {}, review.authorName, review.verified ? ' · Verified purchase' : ''),
      ),
      el('td', { 'aria-label': `${review.rating} out of 5` }, '★'.repeat(review.rating)),
      el('td', {}, productName(review.productId) ?? review.productId),
      el('td', {}, review.status, review.flagged ? el('span', { class: 'badge flagged' }, ` Reported ×${review.reports}`) : null),
      el('td', {}, actions),
    );
  };

  function render() {
    fillRows(table, shown.length ? shown.map(row) : [el('tr', {}, el('td', { colspan: 5 }, 'No reviews here.'))]);
    more.hidden = !cursor;
  }

  function load(append = false) {
    const asked = ++current;
    filter.disabled = true;
    more.disabled = true;
    const query = new URLSearchParams({ status: filter.value, limit: '20', ...(append && cursor ? { cursor } : {}) });
    api<Page>('GET', `/admin/reviews?${query.toString()}`)
      .then((page) => {
        if (asked !== current) return;
        shown = append ? [...shown, ...page.items] : page.items;
        cursor = page.nextCursor;
        render();
      })
      .catch((error: unknown) => say(error instanceof Error ? error.message : String(error)))
      .finally(() => {
        if (asked !== current) return;
        filter.disabled = false;
        more.disabled = false;
      });
  }

  filter.addEventListener('change', () => load());
  more.addEventListener('click', () => load(true));
  table.addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button[data-action]');
    const tr = closest<HTMLTableRowElement>(button, 'tr[data-id]');
    const review = shown.find((r) => r.id === tr?.dataset.id);
    if (!button || !review) return;
    const action = button.dataset.action!;
    if (action === 'remove' && !confirm(`Remove the review “${review.title}” for good?`)) return;
    button.disabled = true;
    const done =
      action === 'remove'
        ? api('DELETE', `/admin/reviews/${review.id}`).then(() => 'Review removed.')
        : api<AdminReview>('PUT', `/admin/reviews/${review.id}/status`, { status: action, version: review.version }).then((r) =>
            r.status === 'published' ? 'Review published.' : 'Review rejected.',
          );
    done
      .then((text) => {
        say(text);
        load();
      })
      .catch((error: unknown) => {
        say(error instanceof Error ? error.message : String(error));
        load();
      });
  });
  load();
  return { reload: () => load() };
}
