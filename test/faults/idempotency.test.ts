import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAll } from '../support/dynamo';
import { tokenFor } from '../support/fake-verifier';
import { client } from '../support/platform';
import { faultPlatform } from './fault-platform';

/**
 * A 5xx is never an idempotent answer (docs/architecture.md, "Idempotent writes"): with Cognito
 * refusing connections, creating a user with a key is a 503 that leaves no record, and the same
 * request with the same key, once Cognito is back, is applied rather than answered with the 503.
 */
let h: Awaited<ReturnType<typeof faultPlatform>>;
let admin: ReturnType<typeof client>;

beforeAll(async () => {
  h = await faultPlatform();
  admin = client(h.faulty.app, 'alpha.test', tokenFor('admin', 'alpha'));
});

afterAll(() => h?.close());

const records = async () => (await scanAll(h.base.table.tableName)).filter((i) => i.type === 'idempotency');

describe('Cognito down during an idempotent write', () => {
  it('the 503 is not stored: the claim is released and a retry with the same key succeeds', async () => {
    const body = { email: 'retried@alpha.test', name: 'Retried', role: 'clerk' };
    const headers = { 'idempotency-key': 'user-during-outage' };
    await h.proxies.cognito.mode('refuse');
    try {
      const down = await admin('POST', '/admin/users', body, headers);
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
      expect(await records()).toEqual([]);
    } finally {
      await h.proxies.cognito.mode('pass');
    }
    const retry = await admin('POST', '/admin/users', body, headers);
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.body.user).toMatchObject({ email: body.email, role: 'clerk' });
    const again = await admin('POST', '/admin/users', body, headers);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(retry.body);
  });
});
