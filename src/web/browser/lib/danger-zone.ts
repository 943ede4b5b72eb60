/**
 * The console's danger zone (admins): `GET /admin/offboarding` says whether the store is closing
 * (404: never closed); "Close store" is enabled only once the slug is typed exactly and posts
 * `POST /admin/offboarding`; while closing, the export's short-lived links and "Restore store"
 * (`POST /admin/offboarding/restore`). Controls stay disabled while a load is in flight, and an
 * answer older than the latest load is dropped.
 */
import { ApiError, type createApi } from './api';
import { $, el, field, fill } from './dom';

type Offboarding = {
  state: 'closing' | 'restored' | 'purging' | 'purged';
  purgeAfter: string;
  export: { state: string; files: { name: string; url: string; expiresAt: string }[] };
};

export function wireDangerZone(api: ReturnType<typeof createApi>) {
  const section = $<HTMLElement>('#danger-zone');
  const slug = section.dataset.slug ?? '';
  const form = $<HTMLFormElement>('#close-store-form');
  const confirm = field(form, 'confirm');
  const close = $<HTMLButtonElement>('button[type=submit]', form);
  const closing = $<HTMLElement>('#offboarding-closing');
  const restore = $<HTMLButtonElement>('#restore-store');
  const refresh = $<HTMLButtonElement>('#offboarding-refresh');
  const state = (text: string) => fill($('#offboarding-state'), text);
  let latest = 0;

  const render = (offboarding: Offboarding | undefined) => {
    const isClosing = offboarding?.state === 'closing';
    form.hidden = isClosing;
    closing.hidden = !isClosing;
    if (!offboarding || offboarding.state === 'restored') {
      state(offboarding ? 'Your store was restored and is open.' : '');
      return;
    }
    const until = new Date(offboarding.purgeAfter).toLocaleDateString();
    const exported =
      offboarding.export.state === 'succeeded'
        ? 'Your export is ready: each link works for a few minutes (Refresh makes new ones).'
        : offboarding.export.state === 'failed'
          ? 'The export failed; we are looking into it, and nothing is deleted until it succeeds.'
          : 'Your export is being written…';
    state(`Your store is closed to visitors. You can restore it until ${until}. ${exported}`);
    fill($('#offboarding-files'), ...offboarding.export.files.map((f) => el('li', {}, el('a', { href: f.url, download: f.name }, f.name))));
  };

  const load = async () => {
    const mine = ++latest;
    for (const c of [close, restore, refresh, confirm]) c.disabled = true;
    try {
      const answer = await api<Offboarding>('GET', '/admin/offboarding').catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      });
      if (mine === latest) render(answer);
    } catch (error) {
      if (mine === latest) state(error instanceof Error ? error.message : String(error));
    } finally {
      if (mine === latest) {
        for (const c of [restore, refresh, confirm]) c.disabled = false;
        close.disabled = confirm.value.trim() !== slug;
      }
    }
  };

  confirm.addEventListener('input', () => {
    close.disabled = confirm.value.trim() !== slug;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (confirm.value.trim() !== slug) return;
    close.disabled = true;
    void api('POST', '/admin/offboarding', { confirm: confirm.value.trim() })
      .then(load)
      .catch((error: unknown) => {
        state(error instanceof Error ? error.message : String(error));
        close.disabled = false;
      });
  });
  restore.addEventListener('click', () => {
    restore.disabled = true;
    void api('POST', '/admin/offboarding/restore')
      .then(load)
      .catch((error: unknown) => {
        state(error instanceof Error ? error.message : String(error));
        restore.disabled = false;
      });
  });
  refresh.addEventListener('click', () => void load());
  // An open store has no offboarding to show (its GET would be a 404 in every admin's console).
  if (section.dataset.closing === 'true') void load();
}
