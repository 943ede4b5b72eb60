import { createHash } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError } from 'aws-jwt-verify/error';
import type { Jwks } from 'aws-jwt-verify/jwk';
import * as v from 'valibot';
import type { TokenVerifier, VerifiedClaims } from '../../identity/claims';
import { RoleSchema, type Role } from '../../identity/roles';
import { UnauthorizedError } from '../../shared/errors';

export type CognitoVerifierOptions = {
  issuer: string;
  clientId: string;
  jwksUri: string;
  /** For an `http:` JWKS (cognito-local), which aws-jwt-verify will not fetch itself. */
  fetchJwks?: (uri: string) => Promise<Jwks>;
  /** Refetch an http JWKS at most this often when an unknown key id shows up. */
  refetchAfterMs?: number;
};

const ClaimsSchema = v.looseObject({
  sub: v.string(),
  exp: v.number(),
  token_use: v.literal('id'),
  'cognito:username': v.optional(v.string()),
  'custom:tenantId': v.optional(v.string()),
  'cognito:groups': v.optional(v.array(v.string())),
  origin_jti: v.optional(v.string()),
  jti: v.optional(v.string()),
});

const defaultFetchJwks = async (uri: string): Promise<Jwks> => {
  const response = await fetch(uri);
  if (!response.ok) throw new Error(`JWKS fetch failed: ${response.status}`);
  return (await response.json()) as Jwks;
};

/**
 * Verifies Cognito ID tokens: signature against the pool's JWKS, issuer, audience (the app
 * client), expiry and `token_use: id`. The API takes the ID token because it carries
 * `custom:tenantId` without a pre-token-generation trigger (cognito-local and real Cognito alike).
 * `JwtVerifier` rather than `CognitoJwtVerifier`, which refuses cognito-local's issuer; the same
 * Cognito checks are made here. Created once per process.
 */
export function createCognitoTokenVerifier(options: CognitoVerifierOptions): TokenVerifier {
  const verifier = JwtVerifier.create({
    issuer: options.issuer,
    audience: options.clientId,
    jwksUri: options.jwksUri,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'id') throw new Error('not an ID token');
    },
  });
  const selfFetched = options.jwksUri.startsWith('http:');
  const fetchJwks = options.fetchJwks ?? defaultFetchJwks;
  const refetchAfterMs = options.refetchAfterMs ?? 30_000;
  let lastFetch = 0;
  let loading: Promise<void> | undefined;

  async function loadJwks(force: boolean) {
    if (!selfFetched) return;
    if (!force && lastFetch > 0) return;
    if (force && Date.now() - lastFetch < refetchAfterMs) return;
    loading ??= fetchJwks(options.jwksUri)
      .then((jwks) => {
        verifier.cacheJwks(jwks);
        lastFetch = Date.now();
      })
      .finally(() => {
        loading = undefined;
      });
    await loading;
  }

  async function verifyOnce(token: string) {
    await loadJwks(false);
    try {
      return await verifier.verify(token);
    } catch (error) {
      // A key rotation: fetch the JWKS again (rate-limited) and try once more.
      if (selfFetched && error instanceof Error && /kid|jwk/i.test(error.name)) {
        await loadJwks(true);
        return verifier.verify(token);
      }
      throw error;
    }
  }

  return {
    async verify(token: string): Promise<VerifiedClaims> {
      let payload: unknown;
      try {
        payload = await verifyOnce(token);
      } catch (error) {
        if (error instanceof JwtExpiredError) throw new UnauthorizedError('The token has expired; sign in again or refresh it.');
        throw new UnauthorizedError('The token is not valid.', { cause: error });
      }
      const parsed = v.safeParse(ClaimsSchema, payload);
      if (!parsed.success) throw new UnauthorizedError('The token is not valid.');
      const claims = parsed.output;
      const roles = (claims['cognito:groups'] ?? []).filter((g): g is Role => v.is(RoleSchema, g));
      return {
        sub: claims.sub,
        username: claims['cognito:username'] ?? claims.sub,
        tenantId: claims['custom:tenantId'],
        roles,
        sessionId: claims.origin_jti ?? claims.jti ?? createHash('sha256').update(token).digest('base64url'),
        expiresAt: claims.exp,
      };
    },
  };
}
