import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../../src/tenants/manifest';

const valid = { slug: 'acme', name: 'Acme', domains: ['acme.localhost'], tier: 'basic', firstAdmin: { email: 'a@acme.test', name: 'A' } };

async function dirWith(files: Record<string, unknown>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'manifests-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

describe('tenant manifests', () => {
  it('loads the repository own demo stores', async () => {
    const manifests = await loadManifests(path.resolve('tenants'));
    expect(manifests.length).toBeGreaterThanOrEqual(2);
    expect(new Set(manifests.flatMap((m) => m.domains)).size).toBe(manifests.flatMap((m) => m.domains).length);
    expect(manifests.every((m) => m.seedProducts.length >= 3)).toBe(true);
  });

  it('names the file and the field of a bad manifest', async () => {
    const dir = await dirWith({ 'acme.json': { ...valid, tier: 'gold', domains: ['not a domain'] } });
    await expect(loadManifests(dir)).rejects.toThrow(/acme\.json: .*domains\.0.*tier|acme\.json: .*tier/);
    const dir2 = await dirWith({ 'acme.json': { ...valid, firstAdmin: { email: 'nope', name: 'A' } } });
    await expect(loadManifests(dir2)).rejects.toThrow(/acme\.json: firstAdmin\.email/);
  });

  it('refuses an IP address as a store domain, in every form, saying so', async () => {
    const addresses = ['1.2.3.4', '1.2.3.4:80', '127.1', '0x7f.0.0.1', '10.0.0.1.', '::1', '2001:db8::1', '[::1]', '[2001:db8::1]:8443', '[::ffff:127.0.0.1]'];
    for (const domain of addresses) {
      await expect(loadManifests(await dirWith({ 'a.json': { ...valid, domains: [domain] } })), domain).rejects.toThrow(
        /a\.json: domains\.0.*not an IP address/,
      );
    }
    // Host names with digits are still host names.
    await expect(loadManifests(await dirWith({ 'a.json': { ...valid, domains: ['shop1.example.com', '123.example.com'] } }))).resolves.toHaveLength(1);
  });

  it('refuses invalid JSON, unknown fields and domains claimed twice', async () => {
    await expect(loadManifests(await dirWith({ 'a.json': '{ nope' }))).rejects.toThrow(/a\.json: not valid JSON/);
    await expect(loadManifests(await dirWith({ 'a.json': { ...valid, owner: 'x' } }))).rejects.toThrow(/a\.json: owner/);
    await expect(loadManifests(await dirWith({ 'a.json': valid, 'b.json': { ...valid, slug: 'other' } }))).rejects.toThrow(
      /b\.json: domain acme\.localhost is already used/,
    );
  });
});
