/**
 * Import and export of the catalog in the console (admins; docs/import-export.md): upload a
 * Shopify product CSV and follow its import, or export the catalog and download the file. Rendered
 * empty; src/web/browser/lib/catalog-transfer.ts starts the jobs and shows their progress and the
 * lines that were not imported.
 */
export function TransferSection(props: { hidden: boolean }) {
  return (
    <section id="transfer-section" hidden={props.hidden} aria-labelledby="transfer-title">
      <h3 id="transfer-title">Import and export</h3>
      <p class="hint">
        Shopify's product CSV. A product whose lines have an error is left out whole (the lines and reasons are listed); the others are imported. Importing the
        same file again changes nothing: products are matched by their Handle.
      </p>
      <form id="import-form" class="filters">
        <label>
          CSV file
          <input name="file" type="file" accept=".csv,text/csv" required />
        </label>
        <button type="submit">Import</button>
      </form>
      <form id="export-form" class="filters">
        <button type="submit">Export the catalog</button>
      </form>
      <p id="transfer-status" role="status" aria-live="polite"></p>
      <progress id="transfer-progress" hidden aria-label="Job progress"></progress>
      <p id="transfer-download" hidden>
        {/* Its address is the export's presigned link, set by the script when the export is done. */}
        <a id="transfer-link" href="/admin" download>
          Download the export (CSV)
        </a>{' '}
        <span class="hint">The link works for a few minutes; export again for a new one.</span>
      </p>
      <div class="table-scroll">
        <table id="transfer-errors" hidden>
          <caption class="visually-hidden">Lines not imported</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Handle</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
    </section>
  );
}
