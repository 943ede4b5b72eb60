import { describe, expect, it } from 'vitest';
import { createMemoryRevocationList } from '../../../src/identity/revocation';

describe('in-memory revocation list', () => {
  it('denies a signed-out session until its tokens would have expired, then forgets it', async () => {
    let now = 1_000_000;
    const list = createMemoryRevocationList({ now: () => now });
    await list.revoke('s1', 1_000 + 60);
    expect(await list.isRevoked('s1')).toBe(true);
    expect(await list.isRevoked('s2')).toBe(false);
    now += 61_000;
    expect(await list.isRevoked('s1')).toBe(false);
  });

  it('keeps the later expiry when a session is revoked twice', async () => {
    const now = 1_000_000;
    const list = createMemoryRevocationList({ now: () => now });
    await list.revoke('s1', 2_000);
    await list.revoke('s1', 1_500);
    expect(await list.isRevoked('s1')).toBe(true);
  });
});
