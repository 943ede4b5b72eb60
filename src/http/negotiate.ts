/**
 * Whether an `Accept` header asks for a web page rather than JSON: `text/html` named with a higher
 * quality than `application/json`. Browsers name text/html first; API clients send
 * application/json, `*∕*` or nothing, and a tie goes to JSON, so no API client is surprised.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const quality = (type: string) => {
    for (const part of accept.split(',')) {
      const [name, ...params] = part.trim().toLowerCase().split(';');
      if (name?.trim() !== type) continue;
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const value = q ? Number(q.slice(2)) : 1;
      return Number.isFinite(value) ? value : 0;
    }
    return 0;
  };
  const html = quality('text/html');
  return html > 0 && html > quality('application/json');
}
