import type { VerifiedClaims } from './claims';

/** Who did it, for events and the audit trail: the token's username (stable, human-readable). */
export function actorOf(c: { var: { claims: VerifiedClaims | undefined } }): string {
  return c.var.claims?.username ?? 'anonymous';
}
