/**
 * The console's getting-started checklist (admins): fetched from the API, which computes it from
 * the store's data, and fetched again whenever the console reports something done (its status
 * lines change), so a step ticks as the admin completes it. "Hide" keeps it hidden on this device
 * for this store (the checklist holds no state on the server).
 */
import { $, el, fill } from './dom';

type Step = { id: string; label: string; href: string; done: boolean };
type Checklist = { steps: Step[]; domains: string[]; platformDomain: string };

const hiddenKey = (store: string) => `getting-started-hidden:${store}`;

export function wireGettingStarted(api: <T>(method: string, path: string) => Promise<T>, store: string) {
  const section = $('#getting-started');
  const dismissed = () => {
    try {
      return localStorage.getItem(hiddenKey(store)) === '1';
    } catch {
      return false;
    }
  };

  const render = (list: Checklist) => {
    const done = list.steps.filter((s) => s.done).length;
    $('#getting-started-progress').textContent = `${done} of ${list.steps.length} done`;
    fill(
      $('#getting-started-steps'),
      ...list.steps.map((s) =>
        el(
          'li',
          { 'data-step': s.id, 'data-done': s.done ? 'true' : 'false', class: s.done ? 'done' : undefined },
          el('span', { class: 'tick', 'aria-hidden': 'true' }, s.done ? '✓' : '○'),
          ' ',
          s.done ? el('span', {}, s.label) : el('a', { href: s.href }, s.label),
          el('span', { class: 'visually-hidden' }, s.done ? ' (done)' : ' (to do)'),
        ),
      ),
    );
    fill(
      $('#domain-list'),
      ...list.domains.map((d) => el('li', {}, d, d === list.platformDomain ? el('span', { class: 'hint' }, ' (platform address)') : null)),
    );
    section.hidden = dismissed() || done === list.steps.length;
  };

  const refresh = () =>
    api<Checklist>('GET', '/admin/getting-started')
      .then(render)
      .catch(() => undefined);

  $('#getting-started-dismiss').addEventListener('click', () => {
    try {
      localStorage.setItem(hiddenKey(store), '1');
    } catch {
      // Storage refused (private mode): hidden for this visit only.
    }
    section.hidden = true;
  });

  let timer: number | undefined;
  const observer = new MutationObserver(() => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refresh(), 300);
  });
  for (const selector of ['#console-status', '#settings-status', '#custom-domain-status']) {
    const node = document.querySelector(selector);
    if (node) observer.observe(node, { childList: true, characterData: true, subtree: true });
  }
  void refresh();
}
