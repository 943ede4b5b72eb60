import type { Probe } from '../../health/readiness';

/** The user pool's signing keys can be fetched: what every signed-in request depends on. */
export const jwksProbe =
  (jwksUri: string, timeoutMs = 2_000): Probe =>
  async () => {
    const response = await fetch(jwksUri, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
    const body = (await response.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error('JWKS without keys');
  };
