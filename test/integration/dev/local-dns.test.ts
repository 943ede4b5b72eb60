import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalMailbox } from '../../../src/adapters/local/mailbox';
import { createPlatform } from '../../../src/platform';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform } from '../../support/platform';

let local: ReturnType<typeof createPlatform>;

beforeAll(async () => {
  const p = await testPlatform();
  // As npm start wires it: the mailbox page, and with it the local DNS form.
  local = createPlatform({ ...p.options, devMailbox: createLocalMailbox() });
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  local.app.request('/dev/dns', {
    method: 'POST',
    headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

describe('the local DNS form on the dev mailbox page', () => {
  it('sets the TXT record a custom domain verifies against, and shows it', async () => {
    const admin = client(local.app, 'beta.test', tokenFor('admin', 'beta'));
    const added = await admin('POST', '/admin/domains', { domain: 'shop.beta-dev.example' });
    expect(added.status).toBe(201);
    const { name, value } = added.body.verification as { name: string; value: string };

    const set = await form({ name, value }, { 'sec-fetch-site': 'same-origin' });
    expect(set.status).toBe(303);
    const page = await (await local.app.request('/dev/mailbox', { headers: { host: 'localhost' } })).text();
    expect(page).toContain(name);
    expect(page).toContain(value);
    expect((await admin('POST', '/admin/domains/shop.beta-dev.example/verify')).body.status).toBe('verified');
  });

  it("refuses another site's form, a name that is not a DNS name, and a store's host", async () => {
    expect((await form({ name: '_storeverify.x.example', value: 'v' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await form({ name: 'not a name', value: 'v' })).status).toBe(422);
    expect((await local.app.request('/dev/dns', { method: 'POST', headers: { host: 'beta.test' } })).status).toBe(404);
  });
});
