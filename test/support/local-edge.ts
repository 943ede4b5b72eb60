/**
 * CloudFront in front of the app, as far as caching and the Host go: the viewer-request function
 * (stacks/edge-viewer-request.js, run as written), the origin-verify header, and a shared cache
 * that follows `edgeCacheDecision` and `edgeKeepsFor`, the same rules the distribution is
 * generated from. Counts what reached the origin.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { edgeCacheDecision, edgeKeepsFor } from '../../src/http/edge/cache-rules';
import { ORIGIN_VERIFY_HEADER } from '../../src/http/edge/origin';
import type { RequestingApp } from './http-client';

type FunctionHeaders = Record<string, { value: string }>;
const source = readFileSync(new URL('../../stacks/edge-viewer-request.js', import.meta.url), 'utf8');

export function localEdge(origin: RequestingApp, options: { secret: string; viewerIp?: string; now?: () => number }) {
  const context = vm.createContext({});
  vm.runInContext(source, context);
  const viewerRequest = context.handler as (event: unknown) => { headers: FunctionHeaders };
  const now = options.now ?? Date.now;
  const cache = new Map<string, { expires: number; status: number; headers: [string, string][]; body: ArrayBuffer }>();
  const seen = { origin: 0, hits: 0 };

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(path, 'http://edge.invalid');
    const viewer = Object.fromEntries(new Headers(init.headers).entries());
    const method = (init.method ?? 'GET').toUpperCase();
    const decision = edgeCacheDecision({ method, path: url.pathname, query: url.search.slice(1), headers: viewer });
    if (decision.cache) {
      const hit = cache.get(decision.key);
      if (hit && hit.expires > now()) {
        seen.hits++;
        return new Response(method === 'HEAD' ? null : hit.body.slice(0), {
          status: hit.status,
          headers: [...hit.headers, ['x-cache', 'Hit from cloudfront']],
        });
      }
    }
    const functionHeaders: FunctionHeaders = Object.fromEntries(Object.entries(viewer).map(([name, value]) => [name, { value }]));
    const forwarded = viewerRequest({
      request: { method, uri: url.pathname, headers: functionHeaders },
      viewer: { ip: options.viewerIp ?? '203.0.113.9' },
    }).headers;
    // What CloudFront sends the origin: every viewer header but Host (the origin's own), and the secret.
    const headers = new Headers(Object.entries(forwarded).map(([name, { value }]) => [name, value] as [string, string]));
    headers.set('host', 'origin.execute-api.invalid');
    headers.set(ORIGIN_VERIFY_HEADER, options.secret);
    seen.origin++;
    const answer = await origin.request(path, { ...init, headers });
    const keep = edgeKeepsFor(decision, answer.headers.get('cache-control'));
    if (!decision.cache || keep === 0) return answer;
    const body = await answer.arrayBuffer();
    cache.set(decision.key, { expires: now() + keep * 1000, status: answer.status, headers: [...answer.headers.entries()], body });
    return new Response(method === 'HEAD' ? null : body.slice(0), { status: answer.status, headers: answer.headers });
  }

  return { request, seen, cache };
}
