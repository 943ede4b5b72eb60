/**
 * The console's categories and collections: the tree (add, rename, move, remove with
 * confirmation), a product's categories, and collections (add, pick products, reorder, remove).
 * Everything is read from and sent to the JSON API; the server checks every rule again.
 */
import type { createApi } from './api';
import { $, closest, el, field, fill } from './dom';

type Api = ReturnType<typeof createApi>;
type Category = { id: string; name: string; slug: string; parentId: string | null; position: number; productCount: number; version: number };
type Collection = { id: string; name: string; slug: string; productIds: string[]; productCount: number; version: number };
type ProductRef = { id: string; name: string };

/** Parents before children, each with its depth (the API lists them in tree order). */
export function depths(categories: { id: string; parentId: string | null }[]) {
  const depth = new Map<string, number>();
  for (const c of categories) depth.set(c.id, c.parentId === null ? 0 : (depth.get(c.parentId) ?? 0) + 1);
  return depth;
}

/** Indents a row by its depth (a CSS variable set through the CSSOM: the page's CSP allows no style attributes). */
export function indented<T extends HTMLElement>(element: T, depth: number): T {
  element.style.setProperty('--depth', String(depth));
  return element;
}

export function wireGroupings(api: Api, say: (text: string) => void, fail: (error: unknown) => void, products: () => Promise<ProductRef[]>) {
  let categories: Category[] = [];
  let collections: Collection[] = [];
  let productList: ProductRef[] = [];
  let open: string | undefined;
  const nameOf = (id: string) => productList.find((p) => p.id === id)?.name ?? id;

  const categoryForm = $<HTMLFormElement>('#category-form');
  const parentSelect = field<HTMLSelectElement>(categoryForm, 'parentId');
  const cancel = $<HTMLButtonElement>('#category-cancel');

  /** Every place a category may go: not under itself or its own subcategories (the API refuses those too). */
  function parentOptions(moving?: string) {
    const depth = depths(categories);
    const below = new Set(moving ? [moving] : []);
    // Tree order lists parents first, so one pass finds the whole subtree.
    for (const c of categories) if (c.parentId !== null && below.has(c.parentId)) below.add(c.id);
    fill(
      parentSelect,
      el('option', { value: '' }, '(top level)'),
      ...categories.filter((c) => !below.has(c.id)).map((c) => el('option', { value: c.id }, `${'— '.repeat(depth.get(c.id) ?? 0)}${c.name}`)),
    );
  }

  const siblingsOf = (c: Category) => categories.filter((other) => other.parentId === c.parentId);
  const isFirst = (c: Category) => siblingsOf(c)[0]?.id === c.id;
  const isLast = (c: Category) => siblingsOf(c).at(-1)?.id === c.id;

  /** Swaps a category with its neighbour, then numbers the siblings 0, 1, 2… in their new order. */
  async function moveAmongSiblings(category: Category, step: -1 | 1) {
    const siblings = siblingsOf(category);
    const from = siblings.indexOf(category);
    const to = from + step;
    if (to < 0 || to >= siblings.length) return;
    [siblings[from], siblings[to]] = [siblings[to]!, siblings[from]!];
    for (const [position, sibling] of siblings.entries()) {
      if (sibling.position !== position) await api('PATCH', `/admin/categories/${sibling.id}`, { version: sibling.version, position });
    }
    say(`Moved ${category.name} ${step < 0 ? 'up' : 'down'}.`);
  }

  function renderTree() {
    const depth = depths(categories);
    const items = categories.map((c) =>
      indented(
        el(
          'li',
          { 'data-id': c.id },
          el('span', { class: 'name' }, c.name),
          ' ',
          el('span', { class: 'count' }, `/${c.slug} · ${c.productCount} active`),
          el(
            'span',
            { class: 'buttons' },
            el('button', { type: 'button', class: 'up', disabled: isFirst(c), 'aria-label': `Move ${c.name} up` }, '↑'),
            el('button', { type: 'button', class: 'down', disabled: isLast(c), 'aria-label': `Move ${c.name} down` }, '↓'),
            el('button', { type: 'button', class: 'edit', 'aria-label': `Edit ${c.name}` }, 'Edit'),
            el('button', { type: 'button', class: 'remove secondary', 'aria-label': `Remove ${c.name}` }, 'Remove'),
          ),
        ),
        depth.get(c.id) ?? 0,
      ),
    );
    fill($('#category-tree'), ...(items.length ? items : [el('li', {}, 'No categories yet.')]));
    parentOptions(categoryForm.dataset.id);
    // A tree reload keeps the boxes the admin ticked and has not saved yet.
    if (!choicesBox.disabled) ticked = new Set(checkedCategories());
    renderChoices();
  }

  function resetCategoryForm() {
    categoryForm.reset();
    delete categoryForm.dataset.id;
    $('button[type=submit]', categoryForm).textContent = 'Add category';
    cancel.hidden = true;
    parentOptions();
  }

  const loadCategories = () =>
    api<{ items: Category[] }>('GET', '/admin/categories')
      .then((r) => {
        categories = r.items;
        renderTree();
      })
      .catch(fail);

  categoryForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = categoryForm.dataset.id;
    const body = { name: field(categoryForm, 'name').value, slug: field(categoryForm, 'slug').value, parentId: parentSelect.value || null };
    const version = categories.find((c) => c.id === id)?.version;
    const saved = id ? api<Category>('PATCH', `/admin/categories/${id}`, { ...body, version }) : api<Category>('POST', '/admin/categories', body);
    saved
      .then((c) => {
        say(`${id ? 'Saved' : 'Added'} ${c.name}.`);
        resetCategoryForm();
        return loadCategories();
      })
      .catch((error: unknown) => {
        fail(error);
        void loadCategories();
      });
  });
  cancel.addEventListener('click', resetCategoryForm);

  $('#category-tree').addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button');
    const id = closest<HTMLElement>(button, 'li[data-id]')?.dataset.id;
    const category = categories.find((c) => c.id === id);
    if (!button || !category) return;
    if (button.classList.contains('up') || button.classList.contains('down')) {
      moveAmongSiblings(category, button.classList.contains('up') ? -1 : 1)
        .catch(fail)
        .then(loadCategories);
    }
    if (button.classList.contains('edit')) {
      categoryForm.dataset.id = category.id;
      parentOptions(category.id);
      field(categoryForm, 'name').value = category.name;
      field(categoryForm, 'slug').value = category.slug;
      parentSelect.value = category.parentId ?? '';
      $('button[type=submit]', categoryForm).textContent = 'Save category';
      cancel.hidden = false;
      field(categoryForm, 'name').focus();
    }
    if (button.classList.contains('remove') && confirm(`Remove the category ${category.name}? Its products stay in the store.`)) {
      api('DELETE', `/admin/categories/${category.id}`)
        .then(() => say(`Removed ${category.name}.`))
        .catch(fail)
        .then(loadCategories);
    }
  });

  // A product's categories: pick a product, tick its categories, save.
  const productForm = $<HTMLFormElement>('#product-categories-form');
  const productSelect = field<HTMLSelectElement>(productForm, 'productId');
  const choicesBox = $<HTMLFieldSetElement>('fieldset', productForm);
  const saveChoices = $<HTMLButtonElement>('button[type=submit]', productForm);
  let ticked = new Set<string>();
  let asked = 0;
  const checkedCategories = () => Array.from(productForm.querySelectorAll<HTMLInputElement>('input[name=categoryId]:checked'), (box) => box.value);
  /** While a product's categories load, its boxes and Save wait: a tick made before they arrive would be wiped by them. */
  const loading = (on: boolean) => {
    choicesBox.disabled = on;
    saveChoices.disabled = on;
    productForm.setAttribute('aria-busy', String(on));
  };

  function renderChoices() {
    const depth = depths(categories);
    fill(
      $('#product-category-choices'),
      ...categories.map((c) =>
        indented(
          el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'categoryId', value: c.id, checked: ticked.has(c.id) }), ` ${c.name}`),
          depth.get(c.id) ?? 0,
        ),
      ),
    );
  }

  const loadProductCategories = () => {
    if (!productSelect.value) return;
    // Only the answer for the product chosen last counts.
    const mine = ++asked;
    loading(true);
    api<{ categoryIds: string[] }>('GET', `/admin/products/${productSelect.value}/categories`)
      .then((r) => {
        if (mine !== asked) return;
        ticked = new Set(r.categoryIds);
        renderChoices();
        loading(false);
      })
      .catch((error: unknown) => {
        if (mine === asked) loading(false);
        fail(error);
      });
  };
  productSelect.addEventListener('change', loadProductCategories);
  productForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const categoryIds = checkedCategories();
    api<{ categoryIds: string[] }>('PUT', `/admin/products/${productSelect.value}/categories`, { categoryIds })
      .then((r) => {
        ticked = new Set(r.categoryIds);
        say(`${nameOf(productSelect.value)} is in ${r.categoryIds.length} categor${r.categoryIds.length === 1 ? 'y' : 'ies'}.`);
        return loadCategories();
      })
      .catch(fail);
  });

  // Collections: a list, one open for editing its products.
  function renderCollections() {
    const items = collections.map((c) =>
      el(
        'li',
        { 'data-id': c.id },
        el('span', { class: 'name' }, c.name),
        ' ',
        el('span', { class: 'count' }, `/${c.slug} · ${c.productIds.length} products, ${c.productCount} active`),
        el(
          'span',
          { class: 'buttons' },
          el('button', { type: 'button', class: 'open', 'aria-label': `Products of ${c.name}` }, 'Products'),
          el('button', { type: 'button', class: 'remove secondary', 'aria-label': `Remove ${c.name}` }, 'Remove'),
        ),
      ),
    );
    fill($('#collection-list'), ...(items.length ? items : [el('li', {}, 'No collections yet.')]));
    renderEditor();
  }

  function renderEditor() {
    const collection = collections.find((c) => c.id === open);
    $('#collection-editor').hidden = !collection;
    if (!collection) return;
    $('#collection-editor-title').textContent = `Products in ${collection.name}`;
    const last = collection.productIds.length - 1;
    fill(
      $('#collection-products'),
      ...collection.productIds.map((id, i) =>
        el(
          'li',
          { 'data-id': id },
          el('span', { class: 'name' }, nameOf(id)),
          el(
            'span',
            { class: 'buttons' },
            el('button', { type: 'button', class: 'up', disabled: i === 0, 'aria-label': `Move ${nameOf(id)} up` }, '↑'),
            el('button', { type: 'button', class: 'down', disabled: i === last, 'aria-label': `Move ${nameOf(id)} down` }, '↓'),
            el('button', { type: 'button', class: 'drop secondary', 'aria-label': `Take ${nameOf(id)} out` }, 'Take out'),
          ),
        ),
      ),
    );
    const select = field<HTMLSelectElement>($<HTMLFormElement>('#collection-add-form'), 'productId');
    fill(select, ...productList.filter((p) => !collection.productIds.includes(p.id)).map((p) => el('option', { value: p.id }, p.name)));
  }

  const loadCollections = () =>
    api<{ items: Collection[] }>('GET', '/admin/collections')
      .then((r) => {
        collections = r.items.sort((a, b) => a.name.localeCompare(b.name));
        renderCollections();
      })
      .catch(fail);

  /** Sends the collection's new order (or one move) with the version it was read at. */
  function change(collection: Collection, body: Record<string, unknown>, done: string) {
    api<Collection>('PUT', `/admin/collections/${collection.id}/products`, { version: collection.version, ...body })
      .then((saved) => {
        collections = collections.map((c) => (c.id === saved.id ? saved : c));
        renderCollections();
        say(done);
      })
      .catch((error: unknown) => {
        fail(error);
        void loadCollections();
      });
  }

  const collectionForm = $<HTMLFormElement>('#collection-form');
  collectionForm.addEventListener('submit', (event) => {
    event.preventDefault();
    api<Collection>('POST', '/admin/collections', { name: field(collectionForm, 'name').value, slug: field(collectionForm, 'slug').value })
      .then((c) => {
        say(`Added ${c.name}.`);
        collectionForm.reset();
        open = c.id;
        return loadCollections();
      })
      .catch(fail);
  });

  $('#collection-list').addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button');
    const id = closest<HTMLElement>(button, 'li[data-id]')?.dataset.id;
    const collection = collections.find((c) => c.id === id);
    if (!button || !collection) return;
    if (button.classList.contains('open')) {
      open = collection.id;
      renderEditor();
    }
    if (button.classList.contains('remove') && confirm(`Remove the collection ${collection.name}? Its products stay in the store.`)) {
      api('DELETE', `/admin/collections/${collection.id}`)
        .then(() => say(`Removed ${collection.name}.`))
        .catch(fail)
        .then(loadCollections);
    }
  });

  $('#collection-products').addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button');
    const productId = closest<HTMLElement>(button, 'li[data-id]')?.dataset.id;
    const collection = collections.find((c) => c.id === open);
    if (!button || !productId || !collection) return;
    const at = collection.productIds.indexOf(productId);
    if (button.classList.contains('up')) change(collection, { move: { productId, position: at - 1 } }, `Moved ${nameOf(productId)} up.`);
    if (button.classList.contains('down')) change(collection, { move: { productId, position: at + 1 } }, `Moved ${nameOf(productId)} down.`);
    if (button.classList.contains('drop')) {
      change(collection, { productIds: collection.productIds.filter((p) => p !== productId) }, `Took ${nameOf(productId)} out.`);
    }
  });

  const addForm = $<HTMLFormElement>('#collection-add-form');
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const collection = collections.find((c) => c.id === open);
    const productId = field<HTMLSelectElement>(addForm, 'productId').value;
    if (!collection || !productId) return;
    change(collection, { productIds: [...collection.productIds, productId] }, `Added ${nameOf(productId)}.`);
  });

  /** (Re)reads the products the pickers offer, then everything else. */
  async function refresh() {
    productList = await products();
    const chosen = productSelect.value;
    fill(productSelect, ...productList.map((p) => el('option', { value: p.id, selected: p.id === chosen }, p.name)));
    await Promise.all([loadCategories(), loadCollections()]);
    loadProductCategories();
  }
  return { refresh };
}
