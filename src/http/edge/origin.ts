import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { FORWARDED_HOST_HEADER } from './cache-rules';

/**
 * Behind the edge, API Gateway is reached on its own host, so the viewer's Host (which names the
 * store) arrives as a copy in `X-Forwarded-Host` and the viewer's address in `X-Viewer-Address`,
 * both written by CloudFront's viewer-request function (stacks/edge-viewer-request.js), which
 * overwrites whatever the viewer sent. Anyone can send those headers straight to API Gateway,
 * though, so they are believed only next to `X-Origin-Verify` carrying the secret CloudFront adds
 * as an origin custom header (ORIGIN_VERIFY_SECRET; docs/deploy.md, "The edge").
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
export const VIEWER_ADDRESS_HEADER = 'x-viewer-address';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether a request came through our edge: the secret, compared in constant time (digests, so
 * lengths leak nothing). `secrets` may name two, comma-separated, so a rotation has no gap while
 * CloudFront deploys the new one. None configured: never.
 */
export function edgeVerifier(secrets: string | undefined) {
  const expected = (secrets ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(digest);
  return (presented: string | undefined) => {
    if (presented === undefined) return false;
    const given = digest(presented);
    return expected.some((secret) => timingSafeEqual(given, secret));
  };
}

/**
 * Sets `viewerHost` (what tenant resolution and the platform-host checks read, through
 * `requestHost`) and, from the edge, the client's address: the forwarded values when the request
 * carries the edge's secret, the Host header otherwise.
 */
export function viewerFromEdge(secret: string | undefined) {
  const fromEdge = edgeVerifier(secret);
  return createMiddleware<AppEnv>(function viewerFromEdge(c, next) {
    const forwarded = c.req.header(FORWARDED_HOST_HEADER)?.trim();
    if (forwarded && fromEdge(c.req.header(ORIGIN_VERIFY_HEADER))) {
      c.set('viewerHost', forwarded.toLowerCase());
      const address = c.req.header(VIEWER_ADDRESS_HEADER)?.trim();
      if (address) c.set('clientAddress', address);
    }
    return next();
  });
}
