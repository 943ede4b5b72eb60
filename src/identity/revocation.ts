/** Signed-out sessions, until their tokens would have expired anyway. */
export interface RevocationList {
  revoke(sessionId: string, expiresAt: number): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
}

/**
 * One process's deny list, for tests and single-process runs: on Lambda each instance would
 * have its own, so deployed code uses the DynamoDB one. Entries go once their tokens expire.
 */
export function createMemoryRevocationList(options: { now?: () => number } = {}): RevocationList {
  const nowSeconds = () => Math.floor((options.now?.() ?? Date.now()) / 1000);
  const revoked = new Map<string, number>();
  const prune = () => {
    const now = nowSeconds();
    for (const [sessionId, expiresAt] of revoked) if (expiresAt <= now) revoked.delete(sessionId);
  };
  return {
    async revoke(sessionId, expiresAt) {
      prune();
      revoked.set(sessionId, Math.max(expiresAt, revoked.get(sessionId) ?? 0));
    },
    async isRevoked(sessionId) {
      const expiresAt = revoked.get(sessionId);
      return expiresAt !== undefined && expiresAt > nowSeconds();
    },
  };
}
