import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { everyone } from '../middleware/access';
import { contentSecurityPolicy } from '../middleware/security-headers';
import { problem } from '../problem';

/** The reference page's only script, from this origin. */
export const SCALAR_SCRIPT = '/docs/scalar.js';

/**
 * Scalar builds its page with `<style>` elements, which `style-src 'self'` refuses: this page
 * alone allows inline styles. Scripts stay `'self'` only (the bundle is served from here, its
 * configuration is a data attribute, not an inline script), and fetches go to this origin only.
 */
export const DOCS_CONTENT_SECURITY_POLICY = contentSecurityPolicy()
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .concat("; font-src 'self' data:");

// No default fonts: Scalar would fetch them from its CDN.
// No cloud features: no telemetry, no AI agent, no toolbar or developer tools (they call scalar.com).
const SCALAR_CONFIGURATION = JSON.stringify({
  url: '/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: 'never',
  showToolbar: 'never',
  agent: { disabled: true },
});

const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference</title>
</head>
<body>
<noscript>The contract itself: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</noscript>
<div id="api-reference" data-configuration="${SCALAR_CONFIGURATION.replaceAll('"', '&quot;')}"></div>
<script src="${SCALAR_SCRIPT}"></script>
</body>
</html>
`;

/**
 * `GET /openapi.json` and the reference page `GET /docs`, on every host: a store's paths are the
 * same on each store's domain, and "try it" calls go to the host the page came from. The document
 * is built on its first request (the converter is not loaded at cold start) and kept.
 */
export function contractRoutes() {
  let document: Promise<string> | undefined;
  const contract = () =>
    (document ??= import('./document')
      .then(({ buildOpenApiDocument }) => JSON.stringify(buildOpenApiDocument()))
      .catch((error: unknown) => {
        document = undefined;
        throw error;
      }));
  return new Hono<AppEnv>()
    .get('/openapi.json', everyone, async (c) =>
      c.body(await contract(), 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' }),
    )
    .get('/docs', everyone, (c) => c.html(docsPage, 200, { 'content-security-policy': DOCS_CONTENT_SECURITY_POLICY, 'cache-control': 'public, max-age=300' }))
    .get('/docs/:file', everyone, async (c) => {
      if (`/docs/${c.req.param('file')}` !== SCALAR_SCRIPT) return problem(c, 404, 'not-found', 'No such file.');
      const { loadScalarBundle } = await import('./scalar-bundle');
      return c.body(await loadScalarBundle(), 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' });
    });
}
