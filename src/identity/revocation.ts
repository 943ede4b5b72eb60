/** Signed-out sessions, until their tokens would have expired anyway. */
export interface RevocationList {
  revoke(sessionId: string, expiresAt: number): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
}
