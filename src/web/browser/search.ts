/**
 * The storefront header's search box: suggestions while the visitor types. The box is a plain
 * form to the results page and works without this module; here, after a short pause in typing,
 * `/search/suggest` is asked for the best few products and they are listed under the box as
 * links to their pages. An answer that is no longer for what is in the box is dropped, so a slow
 * answer never replaces a newer one.
 */
const form = document.querySelector<HTMLFormElement>('.search-box form');
const input = form?.querySelector<HTMLInputElement>('input[name=q]');
const list = form?.querySelector<HTMLUListElement>('.suggestions');

type Suggestion = { productId: string; name: string; handle: string };

const PAUSE_MS = 150;

if (form && input && list) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = '';
  const hide = () => {
    list.hidden = true;
    list.replaceChildren();
  };
  const show = (items: Suggestion[]) => {
    list.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement('li');
        const link = document.createElement('a');
        link.href = `/p/${encodeURIComponent(item.productId)}`;
        link.textContent = item.name;
        li.append(link);
        return li;
      }),
    );
    list.hidden = items.length === 0;
  };
  const ask = async (q: string) => {
    asked = q;
    try {
      const response = await fetch(`${form.dataset.suggest ?? '/search/suggest'}?${new URLSearchParams({ q })}`, { headers: { accept: 'application/json' } });
      if (!response.ok || input.value.trim() !== q) return;
      const body = (await response.json()) as { items: Suggestion[] };
      if (input.value.trim() === q) show(body.items);
    } catch {
      // Suggestions are a convenience: the form still submits.
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) {
      asked = '';
      hide();
      return;
    }
    if (q === asked) return;
    timer = setTimeout(() => void ask(q), PAUSE_MS);
  });
  input.addEventListener('keydown', (event) => {
    const links = [...list.querySelectorAll<HTMLAnchorElement>('a')];
    if (event.key === 'Escape') hide();
    if (event.key === 'ArrowDown' && links.length) {
      event.preventDefault();
      links[0]!.focus();
    }
  });
  list.addEventListener('keydown', (event) => {
    const links = [...list.querySelectorAll<HTMLAnchorElement>('a')];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === 'ArrowDown' && at < links.length - 1) links[at + 1]!.focus();
    else if (event.key === 'ArrowUp') (at > 0 ? links[at - 1]! : input).focus();
    else if (event.key === 'Escape') {
      hide();
      input.focus();
    } else return;
    event.preventDefault();
  });
  // Leaving the box and its list closes the list.
  form.addEventListener('focusout', (event) => {
    if (!form.contains(event.relatedTarget as Node | null)) hide();
  });
}
