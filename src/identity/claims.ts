import type { Role } from './roles';

/** What the platform trusts from a verified token. */
export type VerifiedClaims = {
  /** Cognito `sub`: stable user id. */
  readonly sub: string;
  readonly username: string;
  /** `custom:tenantId`; absent for platform operators. */
  readonly tenantId?: string | undefined;
  readonly roles: readonly Role[];
  /** `custom:priceGroup`: the customer group an admin put this customer in (its price lists apply). */
  readonly priceGroup?: string | undefined;
  /** The token's own id (`jti`): the API links each token it hands out to its session by it. */
  readonly tokenId: string;
  /** Seconds since epoch. */
  readonly expiresAt: number;
};

/** Verifies a bearer token; throws UnauthorizedError (401) on anything it does not trust. */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedClaims>;
  /**
   * An access token of the same pool and app client (the few Cognito calls made with the user's
   * own access token need one): its `sub`. Throws UnauthorizedError like `verify`.
   */
  verifyAccessToken(token: string): Promise<{ sub: string }>;
}
