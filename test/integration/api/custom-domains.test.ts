import { beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../../support/fake-verifier';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Custom domains end to end (docs/custom-domains.md): the owner adds a domain, DNS (the local
 * stand-in) gets its TXT record, verification claims it and the domain serves the store; another
 * store cannot take it; removal stops it at once. Each test uses domains of its own, so none
 * depends on another having run (or not).
 */
let p: TestPlatform;
const as = (store: string) => client(p.app, `${store}.test`, tokenFor('admin', store));
const visitorOn = (host: string) => client(p.app, host, undefined);
const publish = (answer: { body: { verification: { name: string; value: string } } }) =>
  p.localDns!.set(answer.body.verification.name, [answer.body.verification.value]);

beforeAll(async () => {
  // Besides the usual stores, one whose only domain is its platform subdomain (as after a sign-up).
  p = await testPlatform({ manifests: [...testManifests, { ...testManifests[1]!, slug: 'tea', name: 'Tea', domains: ['tea.localhost'] }] });
});

describe('custom domains', () => {
  it('verification fails without the TXT record and with another value, succeeds with the token; then the domain serves the store', async () => {
    const beta = as('beta');
    const domain = 'shop.beta-verify.example';
    const added = await beta('POST', '/admin/domains', { domain });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.headers.get('location')).toBe(`/admin/domains/${domain}`);
    expect(added.body).toMatchObject({
      domain,
      status: 'pending',
      verification: { name: `_storeverify.${domain}`, type: 'TXT', value: expect.stringMatching(/^[0-9a-f]{32}$/) },
      certificate: { status: 'pending', records: [expect.objectContaining({ type: 'CNAME' })] },
    });
    expect((await visitorOn(domain)('GET', '/store')).status).toBe(404);

    const missing = await beta('POST', `/admin/domains/${domain}/verify`);
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({ status: 'pending', failure: expect.stringMatching(/No TXT record/) });
    p.localDns!.set(added.body.verification.name, ['someone-elses-token']);
    const wrong = await beta('POST', `/admin/domains/${domain}/verify`);
    expect(wrong.body).toMatchObject({ status: 'pending', failure: expect.stringMatching(/none is this domain's token/) });
    expect((await visitorOn(domain)('GET', '/store')).status).toBe(404);

    publish(added);
    const verified = await beta('POST', `/admin/domains/${domain}/verify`);
    expect(verified.body).toMatchObject({ status: 'verified', failure: null, certificate: { status: 'issued' }, cname: { name: domain, type: 'CNAME' } });
    const served = await visitorOn(domain)('GET', '/store');
    expect(served.status).toBe(200);
    expect(served.body.id).toBe('beta');
    const listed = await beta('GET', '/admin/domains');
    expect(listed.body.items).toContainEqual(expect.objectContaining({ domain, status: 'verified' }));
    expect(listed.body.limit).toBe(3);
  });

  it('a domain another store holds is refused with 409, whether it is verified there or verified there first', async () => {
    const gamma = as('gamma');
    const beta = as('beta');
    const domain = 'shop.contested.example';
    // Both start on it; only the one whose token is in DNS can verify, and that one wins.
    const first = await gamma('POST', '/admin/domains', { domain });
    const second = await beta('POST', '/admin/domains', { domain });
    expect([first.status, second.status]).toEqual([201, 201]);
    publish(first);
    expect((await gamma('POST', `/admin/domains/${domain}/verify`)).body.status).toBe('verified');
    // The other store's DNS check would need gamma's token; with it there (a copied record) it still loses the claim.
    publish(second);
    const lost = await beta('POST', `/admin/domains/${domain}/verify`);
    expect(lost.status).toBe(409);
    expect(lost.body.type).toBe('/problems/domain-taken');
    expect((await visitorOn(domain)('GET', '/store')).body.id).toBe('gamma');
    // Adding a domain held elsewhere is refused at once.
    const again = await as('alpha')('POST', '/admin/domains', { domain });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/domain-taken');
    // beta lets its pending one go: gamma's claim is untouched.
    expect((await beta('DELETE', `/admin/domains/${domain}`)).status).toBe(204);
    expect((await visitorOn(domain)('GET', '/store')).body.id).toBe('gamma');
  });

  it('two stores verifying the same domain at the same moment: exactly one gets it, the other a 409', async () => {
    const domain = 'shop.race.example';
    const [first, second] = await Promise.all([as('beta')('POST', '/admin/domains', { domain }), as('gamma')('POST', '/admin/domains', { domain })]);
    // Both tokens in DNS (as if the domain's owner had published both): only the claim's condition decides.
    p.localDns!.set(first.body.verification.name, [first.body.verification.value, second.body.verification.value]);
    const answers = await Promise.all([as('beta')('POST', `/admin/domains/${domain}/verify`), as('gamma')('POST', `/admin/domains/${domain}/verify`)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers[0]!.status === 200 ? 'beta' : 'gamma';
    expect((await visitorOn(domain)('GET', '/store')).body.id).toBe(winner);
    const loser = winner === 'beta' ? 'gamma' : 'beta';
    expect((await p.registry.get(loser))?.domains).not.toContain(domain);
    for (const store of ['beta', 'gamma']) expect((await as(store)('DELETE', `/admin/domains/${domain}`)).status).toBe(204);
    expect((await visitorOn(domain)('GET', '/store')).status).toBe(404);
  });

  it('removal stops serving the domain at once: the host answers 404 "unknown store"; the events went out through the outbox', async () => {
    const gamma = as('gamma');
    const domain = 'shop.gamma-remove.example';
    const added = await gamma('POST', '/admin/domains', { domain });
    publish(added);
    expect((await gamma('POST', `/admin/domains/${domain}/verify`)).body.status).toBe('verified');
    expect((await visitorOn(domain)('GET', '/store')).body.id).toBe('gamma');

    expect((await gamma('DELETE', `/admin/domains/${domain}`)).status).toBe(204);
    const gone = await visitorOn(domain)('GET', '/store');
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toMatch(/unknown store/i);
    expect((await gamma('GET', '/admin/domains')).body.items.map((d: { domain: string }) => d.domain)).not.toContain(domain);
    expect((await gamma('DELETE', `/admin/domains/${domain}`)).status).toBe(404);
    // The store's other domains still serve it, and its record no longer lists the domain.
    expect((await visitorOn('gamma.test')('GET', '/store')).body.id).toBe('gamma');
    expect((await p.registry.get('gamma'))?.domains).not.toContain(domain);
    expect(p.localProvisioner!.released).toContainEqual(expect.objectContaining({ domain, served: true }));

    await p.streams.drain();
    const types = p.bus.delivered.filter((e) => e.detail.domain === domain).map((e) => e.detailType);
    expect(types).toEqual(['DomainAdded', 'DomainVerified', 'DomainRemoved']);
    expect(p.bus.delivered.find((e) => e.detail.domain === domain)!.detail.tenantId).toBe('gamma');
  });

  it('the plan limits how many domains a store has; platform names are refused; a retried add with its key replays', async () => {
    const alpha = as('alpha');
    // alpha is on Basic: one custom domain.
    const key = { 'Idempotency-Key': 'add-alpha-domain' };
    const first = await alpha('POST', '/admin/domains', { domain: 'shop.alpha-limit.example' }, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const replay = await alpha('POST', '/admin/domains', { domain: 'shop.alpha-limit.example' }, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.verification.value).toBe(first.body.verification.value);
    const over = await alpha('POST', '/admin/domains', { domain: 'www.alpha-limit.example' });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ type: '/problems/plan-limit', resource: 'customDomains', limit: 1, used: 1 });
    expect((await alpha('POST', '/admin/domains', { domain: 'shop.alpha-limit.example' })).status).toBe(409);

    const reserved = await alpha('POST', '/admin/domains', { domain: 'someone.localhost' });
    expect(reserved.status).toBe(422);
    expect((await alpha('POST', '/admin/domains', { domain: '10.0.0.1' })).status).toBe(422);
    // Its own manifest domain already serves it.
    expect((await alpha('POST', '/admin/domains', { domain: 'alpha.test' })).status).toBe(409);
    expect((await alpha('DELETE', '/admin/domains/shop.alpha-limit.example')).status).toBe(204);
  });

  it("the getting-started checklist's domain step is done by a verified domain, not a pending one", async () => {
    const tea = client(p.app, 'tea.localhost', tokenFor('admin', 'tea'));
    const checklist = async () => (await tea('GET', '/admin/getting-started')).body as { steps: { id: string; done: boolean }[]; domains: string[] };
    const step = async () => (await checklist()).steps.find((s) => s.id === 'domain')!.done;
    expect(await step()).toBe(false);
    const domain = 'shop.tea-checklist.example';
    const added = await tea('POST', '/admin/domains', { domain });
    expect(added.status).toBe(201);
    expect(await step()).toBe(false);
    expect((await checklist()).domains).toEqual(['tea.localhost']);
    publish(added);
    expect((await tea('POST', `/admin/domains/${domain}/verify`)).body.status).toBe('verified');
    expect((await checklist()).domains).toEqual(['tea.localhost', domain]);
    expect(await step()).toBe(true);
  });
});
