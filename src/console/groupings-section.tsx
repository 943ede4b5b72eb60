/**
 * Categories and collections in the console (admins only). The lists are rendered empty and
 * filled by the script (src/web/browser/lib/groupings-panel.ts) from the JSON API; every change
 * is sent with the version it was read at, so two admins get a clear conflict, not a lost edit.
 */
/** A category's and a collection's own fields: the same rules (src/catalog/category.ts) for both. */
function NameAndSlugFields() {
  return (
    <>
      <label>
        Name
        <input name="name" required maxlength={100} />
      </label>
      <label>
        Slug
        <input name="slug" required maxlength={60} pattern="[a-z0-9]+(-[a-z0-9]+)*" autocapitalize="off" />
      </label>
    </>
  );
}

export function GroupingsSection(props: { hidden: boolean }) {
  return (
    <section id="groupings-section" hidden={props.hidden} aria-labelledby="categories-title">
      <h3 id="categories-title">Categories</h3>
      <p class="hint">A tree of up to 5 levels. Removing a category takes its products out of it; one with subcategories must be emptied first.</p>
      <ul id="category-tree" class="tree" aria-label="Category tree"></ul>
      <form id="category-form" class="filters">
        <NameAndSlugFields />
        <label>
          Parent
          <select name="parentId"></select>
        </label>
        <button type="submit">Add category</button>
        <button type="button" id="category-cancel" class="secondary-neutral" hidden>
          Cancel
        </button>
      </form>

      <h3 id="product-categories-title">A product's categories</h3>
      <form id="product-categories-form" aria-labelledby="product-categories-title">
        <label>
          Product
          <select name="productId"></select>
        </label>
        <fieldset>
          <legend>Categories</legend>
          <div id="product-category-choices" class="choices"></div>
        </fieldset>
        <button type="submit">Save categories</button>
      </form>

      <h3 id="collections-title">Collections</h3>
      <ul id="collection-list" class="tree" aria-label="Collections"></ul>
      <form id="collection-form" class="filters">
        <NameAndSlugFields />
        <button type="submit">Add collection</button>
      </form>
      <div id="collection-editor" hidden>
        <h4 id="collection-editor-title">Products in the collection</h4>
        <ol id="collection-products" aria-labelledby="collection-editor-title"></ol>
        <form id="collection-add-form" class="filters">
          <label>
            Add a product
            <select name="productId"></select>
          </label>
          <button type="submit">Add to collection</button>
        </form>
      </div>
    </section>
  );
}
