/**
 * The links between pages of a listing (catalog, category, collection), the same everywhere. Pages
 * follow a cursor, so there is a way on ("Next page") and a way back to the start ("First page"),
 * not page numbers.
 */
export function Pager(props: { next?: string | undefined; first?: string | undefined }) {
  if (!props.next && !props.first) return null;
  return (
    <nav aria-label="Pages" class="pager">
      {props.first ? (
        <a href={props.first} rel="first">
          ← First page
        </a>
      ) : null}
      {props.next ? (
        <a href={props.next} rel="next">
          Next page →
        </a>
      ) : null}
    </nav>
  );
}

/** A listing URL without its cursor: the first page of the same filters. */
export function firstPageOf(path: string, query: Record<string, string>): string | undefined {
  if (!query.cursor) return undefined;
  const rest = new URLSearchParams(Object.entries(query).filter(([key]) => key !== 'cursor')).toString();
  return rest ? `${path}?${rest}` : path;
}
