import { createCognitoTokenVerifier } from '../../src/adapters/jwt/cognito-verifier';
import type { Role } from '../../src/identity/roles';
import type { SessionStore } from '../../src/identity/sessions';
import { tenantContext } from '../../src/tenants/tenant';
import { idTokenClaims, serveJwks, signingKey } from './jwt';

/**
 * ID tokens signed the way Cognito signs them, checked by the application's real verifier (so its
 * mapping of `custom:tenantId`, username and groups to a store and roles is what is tested), each
 * recorded as a session the way a sign-in through the API records it: the API refuses tokens it
 * never issued.
 */
export async function mintedTokens() {
  const key = signingKey();
  const issuer = 'http://127.0.0.1:9/local_proof';
  const clientId = 'proof-client';
  const jwks = await serveJwks(key.jwks);
  const verifier = createCognitoTokenVerifier({ issuer, clientId, jwksUri: jwks.uri });
  let sessions: (() => SessionStore) | undefined;

  /**
   * A signed-in user's ID token: `tenantId` undefined for an operator. `sub` names the directory
   * user it acts as; `record: false` mints one the API never handed out.
   */
  async function mint(options: { role: Role; tenantId?: string; sub: string; record?: boolean; username?: string; groups?: string[]; jti?: string }) {
    const claims = {
      ...idTokenClaims({
        issuer,
        clientId,
        tenantId: options.tenantId,
        groups: options.groups ?? [options.role],
        username: options.username ?? `${options.tenantId ?? 'platform'}:${options.role}@example.com`,
      }),
      sub: options.sub,
      ...(options.jti ? { jti: options.jti } : {}),
    };
    const token = key.sign(claims);
    if (options.record !== false) {
      if (!sessions) throw new Error('mintedTokens: call bind(platform sessions) before minting recorded tokens');
      const space = options.tenantId ? tenantContext({ id: options.tenantId, name: options.tenantId, tier: 'basic', status: 'active' }) : 'platform';
      await sessions().start(
        space,
        { sessionId: `minted-${claims.jti}`, userId: options.sub, expiresAt: claims.exp + 3600 },
        { tokenId: claims.jti, expiresAt: claims.exp },
      );
    }
    return { token, sessionId: `minted-${claims.jti}`, tokenId: claims.jti };
  }

  return {
    verifier,
    /** The session store tokens are recorded in (the platform's, which exists only after the verifier). */
    bind: (store: () => SessionStore) => {
      sessions = store;
    },
    mint,
    close: () => jwks.close(),
  };
}
