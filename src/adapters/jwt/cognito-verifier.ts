import { createHash } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwksNotAvailableInCacheError, JwksValidationError, JwtExpiredError, KidNotFoundInJwksError } from 'aws-jwt-verify/error';
import type { Jwks } from 'aws-jwt-verify/jwk';
import * as v from 'valibot';
import type { TokenVerifier, VerifiedClaims } from '../../identity/claims';
import { RoleSchema, TENANT_ROLES, type Role } from '../../identity/roles';
import { DependencyUnavailableError, UnauthorizedError } from '../../shared/errors';

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
  sub: v.pipe(v.string(), v.minLength(1)),
  exp: v.number(),
  token_use: v.literal('id'),
  'cognito:username': v.pipe(v.string(), v.minLength(1)),
  'custom:tenantId': v.optional(v.pipe(v.string(), v.minLength(1))),
  'custom:priceGroup': v.optional(v.string()),
  'cognito:groups': v.optional(v.array(v.string())),
  origin_jti: v.optional(v.string()),
  jti: v.optional(v.string()),
});

/** The pool's signing keys could not be had: an outage on our side, not a bad token (so a 503, not a 401). */
export class SigningKeysUnavailableError extends DependencyUnavailableError {
  // The response says only that something is unavailable; the log says 'jwks'.
  constructor(options?: { cause?: unknown }) {
    super('jwks', options);
  }
}

/**
 * The JWKS fetch's whole budget (connect, answer, body): a key fetch happens once per container
 * and on an unknown key id, inside a request that still has its own DynamoDB calls to make.
 */
export const JWKS_TIMEOUT_MS = 2_000;

const defaultFetchJwks = async (uri: string): Promise<Jwks> => {
  const response = await fetch(uri, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`JWKS fetch failed: ${response.status}`);
  return (await response.json()) as Jwks;
};

const PLATFORM = 'platform';
const tenantRoles: readonly Role[] = TENANT_ROLES;

/**
 * The token's identity must have the shape the platform gives its accounts: a store user is
 * `<tenantId>:<email>` with that `custom:tenantId` and store roles only; an operator is
 * `platform:<email>` with no tenant. The app client is public, so anyone can call Cognito's
 * SignUp directly and pick a username and tenant; such an account is refused here, not trusted.
 */
function identityOf(claims: v.InferOutput<typeof ClaimsSchema>): { tenantId: string | undefined; roles: Role[] } | undefined {
  const tenantId = claims['custom:tenantId'];
  const groups = (claims['cognito:groups'] ?? []).filter((g): g is Role => v.is(RoleSchema, g));
  const username = claims['cognito:username'];
  if (tenantId !== undefined) {
    if (tenantId === PLATFORM || !username.startsWith(`${tenantId}:`)) return undefined;
    return { tenantId, roles: groups.filter((g) => tenantRoles.includes(g)) };
  }
  if (!username.startsWith(`${PLATFORM}:`)) return undefined;
  return { tenantId: undefined, roles: groups.filter((g) => g === 'operator') };
}

/** `custom:priceGroup` of a store's customer, if it is id-shaped; nobody else has a price group. */
function priceGroupOf(claims: v.InferOutput<typeof ClaimsSchema>, identity: { tenantId: string | undefined; roles: Role[] }): string | undefined {
  const group = claims['custom:priceGroup'];
  if (group === undefined || identity.tenantId === undefined || !identity.roles.includes('customer')) return undefined;
  return /^[A-Za-z0-9-]{1,64}$/.test(group) ? group : undefined;
}

/**
 * Verifies Cognito ID tokens: signature against the pool's JWKS, issuer, audience (the app
 * client), expiry and `token_use: id`. The API takes the ID token because it carries
 * `custom:tenantId` without a pre-token-generation trigger (cognito-local and real Cognito alike).
 * `JwtVerifier` (called `JwtRsaVerifier` before aws-jwt-verify 5) rather than
 * `CognitoJwtVerifier`, which refuses cognito-local's `local_` pool ids and http issuer; the
 * Cognito checks are made here instead. Create it once per process: it caches the keys.
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
  // Access tokens carry `client_id` and no `aud`: the audience check is made here instead.
  const accessVerifier = JwtVerifier.create({
    issuer: options.issuer,
    audience: null,
    jwksUri: options.jwksUri,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access') throw new Error('not an access token');
      if (payload.client_id !== options.clientId) throw new Error('another app client');
    },
  });
  // aws-jwt-verify fetches https only; for http it must never try (it would fail on every
  // unknown kid), so it gets the keys from us and is only ever asked to verify synchronously.
  const selfFetched = new URL(options.jwksUri).protocol === 'http:';
  const fetchJwks = options.fetchJwks ?? defaultFetchJwks;
  const refetchAfterMs = options.refetchAfterMs ?? 30_000;
  let lastFetch = 0;
  let loading: Promise<void> | undefined;

  /** Loads the JWKS the first time, and again on an unknown kid no more often than refetchAfterMs. */
  async function loadJwks(reason: 'first' | 'unknown-kid') {
    if (reason === 'first' ? lastFetch > 0 : Date.now() - lastFetch < refetchAfterMs) return;
    loading ??= fetchJwks(options.jwksUri)
      .then((jwks) => {
        verifier.cacheJwks(jwks);
        accessVerifier.cacheJwks(jwks);
        lastFetch = Date.now();
      })
      .catch((error: unknown) => {
        throw new SigningKeysUnavailableError({ cause: error });
      })
      .finally(() => {
        loading = undefined;
      });
    await loading;
  }

  async function verifySelfFetched(which: typeof verifier | typeof accessVerifier, token: string) {
    await loadJwks('first');
    try {
      return which.verifySync(token);
    } catch (error) {
      // A key rotation, or a token signed with a key the pool never had: look once more.
      if (!(error instanceof KidNotFoundInJwksError)) throw error;
      await loadJwks('unknown-kid');
      return which.verifySync(token);
    }
  }

  async function verifyWith(which: typeof verifier | typeof accessVerifier, token: string): Promise<unknown> {
    try {
      return selfFetched ? await verifySelfFetched(which, token) : await which.verify(token);
    } catch (error) {
      if (error instanceof SigningKeysUnavailableError) throw error;
      if (error instanceof FetchError || error instanceof JwksValidationError || error instanceof JwksNotAvailableInCacheError) {
        throw new SigningKeysUnavailableError({ cause: error });
      }
      if (error instanceof JwtExpiredError) throw new UnauthorizedError('The token has expired; sign in again or refresh it.');
      // Parse, signature, algorithm, issuer, audience, token use, unknown key: all the
      // client's token, none worth describing to whoever sent it.
      throw new UnauthorizedError('The token is not valid.', { cause: error });
    }
  }

  return {
    async verifyAccessToken(token: string) {
      const payload = await verifyWith(accessVerifier, token);
      const parsed = v.safeParse(v.looseObject({ sub: v.pipe(v.string(), v.minLength(1)) }), payload);
      if (!parsed.success) throw new UnauthorizedError('The token is not valid.');
      return { sub: parsed.output.sub };
    },

    async verify(token: string): Promise<VerifiedClaims> {
      const payload = await verifyWith(verifier, token);
      const parsed = v.safeParse(ClaimsSchema, payload);
      if (!parsed.success) throw new UnauthorizedError('The token is not valid.');
      const claims = parsed.output;
      const identity = identityOf(claims);
      if (!identity) throw new UnauthorizedError('The token is not valid.');
      return {
        sub: claims.sub,
        username: claims['cognito:username'],
        tenantId: identity.tenantId,
        roles: identity.roles,
        // A customer group is a store customer's only (src/groups/); an id-shaped value or none.
        priceGroup: priceGroupOf(claims, identity),
        // Every ID token has its own jti (Cognito and cognito-local alike); the API links each
        // one it hands out to its session. A token without one gets an id no link can carry.
        tokenId: claims.jti ?? `unlinked-${createHash('sha256').update(token).digest('base64url')}`,
        expiresAt: claims.exp,
      };
    },
  };
}
