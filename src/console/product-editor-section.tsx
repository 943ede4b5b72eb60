import { DataTable } from './parts';

/**
 * The console's product page (admins): opened from a product's line in the inventory table, it
 * edits the product's details, its options and variants (one PATCH with the version it read) and
 * each variant's stock. Rendered empty and hidden; src/web/browser/lib/product-editor.ts fills it.
 */
export function ProductEditorSection() {
  return (
    <section id="product-editor" hidden aria-labelledby="editor-title">
      <h3 id="editor-title">Product</h3>
      <form id="editor-form" class="settings editor" novalidate>
        <ul id="editor-errors" class="errors" aria-live="polite"></ul>
        <fieldset>
          <legend>Details</legend>
          <label>
            Name
            <input name="name" data-path="name" required maxlength={200} />
          </label>
          <label>
            Handle
            <input name="handle" data-path="handle" maxlength={100} autocapitalize="off" />
          </label>
          <label>
            Description
            <textarea name="description" data-path="description" maxlength={5000} rows={3}></textarea>
          </label>
          <label>
            Status
            <select name="status" data-path="status">
              <option>draft</option>
              <option>active</option>
              <option>archived</option>
            </select>
          </label>
          <label>
            Tags (comma-separated)
            <input name="tags" data-path="tags" />
          </label>
        </fieldset>
        <fieldset>
          <legend>Images</legend>
          <p class="hint">The first image is the one lists show. Up to 10; PNG, JPEG or WebP.</p>
          <ol id="editor-images" class="thumbs" data-path="images"></ol>
          <label class="upload">
            Add image
            <input id="editor-image-file" type="file" accept="image/png,image/jpeg,image/webp" aria-label="Upload an image" />
          </label>
        </fieldset>
        <fieldset>
          <legend>Options</legend>
          <p class="hint">Up to 3 options (Size, Colour…), each with its values separated by commas.</p>
          <ol id="editor-options" class="options"></ol>
          <button type="button" id="editor-add-option" class="secondary-neutral">
            Add option
          </button>
        </fieldset>
        <fieldset>
          <legend>Variants</legend>
          <DataTable
            id="editor-variants"
            columns={['Variant', 'SKU', 'Price', 'Compare-at', 'Low stock at', 'Weight (g)', 'Barcode', 'Images', 'Active', 'Actions']}
          />
          <button type="button" id="editor-generate" class="secondary-neutral">
            Generate missing combinations
          </button>
        </fieldset>
        <p class="form-actions">
          <button type="submit">Save product</button>
          <button type="button" id="editor-close" class="secondary-neutral">
            Close
          </button>
        </p>
      </form>
      <form id="editor-groupings" class="settings editor" aria-labelledby="editor-groupings-title">
        <h4 id="editor-groupings-title">Categories and collections</h4>
        <fieldset>
          <legend>Categories</legend>
          <div id="editor-categories" class="choices"></div>
        </fieldset>
        <fieldset>
          <legend>Collections</legend>
          <div id="editor-collections" class="choices"></div>
        </fieldset>
        <p class="form-actions">
          <button type="submit">Save categories and collections</button>
        </p>
      </form>
      <form id="editor-currency-prices" class="settings editor" hidden aria-labelledby="editor-currency-title">
        <h4 id="editor-currency-title">Prices in other currencies</h4>
        <p class="hint">A variant without a price in a currency is not sold in it: there are no exchange rates.</p>
        <DataTable id="editor-currency-table" columns={['Variant']} />
        <p id="editor-currency-status" role="status" aria-live="polite"></p>
        <p class="form-actions">
          <button type="submit">Save currency prices</button>
        </p>
      </form>
      <h3 id="editor-stock-title">Stock per variant</h3>
      <DataTable id="editor-stock" columns={['Variant', 'On hand', 'Reserved', 'Available', 'Change', 'Actions']} />
      <div id="editor-history" hidden>
        <h4 id="editor-history-title">History</h4>
        <ul aria-labelledby="editor-history-title"></ul>
        <button type="button" id="editor-history-more" class="secondary-neutral" hidden>
          Older changes
        </button>
      </div>
    </section>
  );
}
