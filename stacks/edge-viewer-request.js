// CloudFront Function (cloudfront-js-2.0), viewer request, on every behaviour of the API's edge
// (stacks/edge.ts). Plain JavaScript as CloudFront runs it: no imports, no modules.
//
// API Gateway routes on its own host, so the distribution never sends it the viewer's Host; the
// store is named instead by a copy in X-Forwarded-Host, written here over whatever the viewer
// sent (the app believes it only with the origin-verify secret: src/http/edge/origin.ts). The
// viewer's address goes the same way (the origin sees CloudFront's). X-Edge-Accept is page or
// JSON, decided as src/http/negotiate.ts `prefersHtml` decides (test/unit/http/edge-function.test.ts
// runs both): the cache key holds it rather than every browser's own Accept.

function quality(accept, type) {
  const parts = accept.split(',');
  for (let i = 0; i < parts.length; i++) {
    const params = parts[i].trim().toLowerCase().split(';');
    if (params[0].trim() !== type) continue;
    let q = 1;
    for (let j = 1; j < params.length; j++) {
      const param = params[j].trim();
      if (param.indexOf('q=') === 0) {
        q = Number(param.slice(2));
        break;
      }
    }
    return Number.isFinite(q) ? q : 0;
  }
  return 0;
}

function prefersHtml(accept) {
  if (!accept) return false;
  const html = quality(accept, 'text/html');
  return html > 0 && html > quality(accept, 'application/json');
}

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls `handler` by name.
function handler(event) {
  const request = event.request;
  const headers = request.headers;
  headers['x-forwarded-host'] = { value: headers.host ? headers.host.value : '' };
  headers['x-viewer-address'] = { value: event.viewer.ip };
  headers['x-edge-accept'] = { value: prefersHtml(headers.accept ? headers.accept.value : '') ? 'text/html' : 'application/json' };
  return request;
}
