import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoSlugClaims } from '../../../src/adapters/dynamodb/slug-claims';
import type { SlugClaims } from '../../../src/signup/slug-claims';
import { createTestTable } from '../../support/dynamo';

/** The claim's conditions are what stop two sign-ups racing for one slug, and a used slug's reuse. */
let claims: SlugClaims;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
const request = (email: string) => ({ email, storeName: 'Store', tier: 'basic' as const });

beforeAll(async () => {
  const table = await createTestTable();
  claims = createDynamoSlugClaims({ client: table.client, tableName: table.tableName });
});

describe('slug claims', () => {
  it('a hold is the holder’s until it lapses; the holder may renew it', async () => {
    expect(await claims.hold('race', request('a@x.test'), at(30), at(0))).toBe(true);
    expect(await claims.hold('race', request('b@x.test'), at(40), at(10))).toBe(false);
    expect(await claims.hold('race', request('a@x.test'), at(50), at(20))).toBe(true);
    // Lapsed: another may take it.
    expect(await claims.hold('race', request('b@x.test'), at(59), at(51))).toBe(true);
    expect(await claims.get('race')).toMatchObject({ state: 'held', email: 'b@x.test' });
  });

  it('only the holder uses a held slug, and a used slug is never held or used again', async () => {
    expect(await claims.hold('once', request('a@x.test'), at(30), at(0))).toBe(true);
    expect(await claims.markUsed('once', at(1), 'b@x.test')).toBe(false);
    expect(await claims.markUsed('once', at(1), 'a@x.test')).toBe(true);
    expect(await claims.get('once')).toMatchObject({ state: 'used' });
    for (const email of ['a@x.test', 'b@x.test']) expect(await claims.hold('once', request(email), at(59), at(58))).toBe(false);
    expect(await claims.markUsed('once', at(2))).toBe(false);
    expect(await claims.markUsed('once', at(2), 'a@x.test')).toBe(false);
  });

  it('an operator’s onboarding uses a free slug or a held one, never a used one', async () => {
    expect(await claims.markUsed('by-op', at(0))).toBe(true);
    expect(await claims.markUsed('by-op', at(1))).toBe(false);
  });

  it('a hand-off is taken once, and not after it expired', async () => {
    expect(await claims.hold('hand', request('a@x.test'), at(30), at(0))).toBe(true);
    await claims.putHandoff('hand', { id: 'h1', sealed: 'sealed-1', expiresAt: at(2) });
    expect(await claims.takeHandoff('hand', 'other', at(1))).toBeUndefined();
    expect(await claims.takeHandoff('hand', 'h1', at(1))).toBe('sealed-1');
    expect(await claims.takeHandoff('hand', 'h1', at(1))).toBeUndefined();
    await claims.putHandoff('hand', { id: 'h2', sealed: 'sealed-2', expiresAt: at(2) });
    expect(await claims.takeHandoff('hand', 'h2', at(3))).toBeUndefined();
  });
});
