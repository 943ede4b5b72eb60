import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

export type SecurityHeaderOptions = {
  /** Origins pages may show images from and upload to, besides their own (S3, a media CDN). */
  mediaOrigins?: readonly string[];
};

/**
 * The policy every page is served under: scripts and styles only as files from this origin (no
 * inline script, style or event attribute can run), images also from the media origins and
 * `data:`, fetches to this origin and the media origins (presigned uploads go straight to S3),
 * forms only back here, no plugins, no `<base>`, never framed.
 */
export function contentSecurityPolicy(mediaOrigins: readonly string[] = []) {
  const media = mediaOrigins.join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${media ? ` ${media}` : ''}`,
    `connect-src 'self'${media ? ` ${media}` : ''}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * On every response, JSON and problem details included: `nosniff` (a body is only ever what its
 * Content-Type says), the referrer policy, and on HTML the content security policy and the
 * pre-CSP framing refusal for old browsers.
 */
export function securityHeaders(options: SecurityHeaderOptions = {}) {
  const csp = contentSecurityPolicy(options.mediaOrigins);
  return createMiddleware<AppEnv>(async function securityHeaders(c, next) {
    await next();
    const headers = c.res.headers;
    headers.set('x-content-type-options', 'nosniff');
    headers.set('referrer-policy', 'strict-origin-when-cross-origin');
    if (/^text\/html\b/i.test(headers.get('content-type') ?? '')) {
      // A page with a policy of its own keeps it (the API reference, src/http/contract/routes.ts).
      if (!headers.has('content-security-policy')) headers.set('content-security-policy', csp);
      headers.set('x-frame-options', 'DENY');
    }
  });
}
