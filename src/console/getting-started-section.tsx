/**
 * The console's getting-started checklist, for admins (the domains: domains-section.tsx). Empty here: the
 * script fills them from `GET /admin/getting-started` (src/web/browser/lib/getting-started.ts).
 */
export function GettingStartedSection() {
  // Hidden until the script has the checklist (and for good once it is hidden or all done).
  return (
    <section id="getting-started" hidden aria-labelledby="getting-started-title" class="panel checklist">
      <div class="checklist-head">
        <h3 id="getting-started-title">Getting started</h3>
        <button type="button" id="getting-started-dismiss" class="secondary">
          Hide
        </button>
      </div>
      <p id="getting-started-progress" class="hint"></p>
      <ol id="getting-started-steps"></ol>
    </section>
  );
}
