import { describe, expect, it } from 'vitest';
import { localBanner, type BannerInput } from '../../../src/entry/local-banner';
import type { TenantManifest } from '../../../src/tenants/manifest';

const manifests: TenantManifest[] = [
  {
    slug: 'demo-shoes',
    name: 'Demo Shoes',
    domains: ['demo-shoes.localhost', 'shoes.demo.localhost'],
    tier: 'standard',
    firstAdmin: { email: 'admin@demo-shoes.example', name: 'S' },
    settings: {},
    seedProducts: [],
  },
  {
    slug: 'demo-books',
    name: 'Demo Books',
    domains: ['books.example.com', 'demo-books.localhost'],
    tier: 'basic',
    firstAdmin: { email: 'admin@demo-books.example', name: 'B' },
    settings: {},
    seedProducts: [],
  },
];
const secrets: Record<string, string> = { 'demo-shoes:admin@demo-shoes.example': 'SHOESSECRET', 'platform:operator@platform.example': 'OPSECRET' };
const input = (over: Partial<BannerInput> = {}): BannerInput => ({
  port: 3123,
  manifests,
  totpSecret: (space, email) => secrets[`${space}:${email}`],
  seeded: { created: 2, existing: 0 },
  data: { inMemory: false, dir: '/home/me/catalog/.data' },
  standIns: {
    dynamodb: 'http://127.0.0.1:8000',
    table: 'catalog-local',
    cognito: 'http://127.0.0.1:9229',
    pool: 'local_abc',
    s3: 'http://127.0.0.1:4569',
    bucket: 'catalog-media',
  },
  printsResetCodes: true,
  ...over,
});

describe('the npm start banner', () => {
  it('opens with the addresses a person opens in a browser: each store’s storefront and console, the operator console', () => {
    const lines = localBanner(input()).split('\n');
    const head = lines.slice(0, 8).join('\n');
    expect(head).toContain('http://demo-shoes.localhost:3123/');
    expect(head).toContain('http://demo-shoes.localhost:3123/admin');
    // A store's *.localhost domain, which a browser resolves here, rather than its first domain.
    expect(head).toContain('http://demo-books.localhost:3123/');
    expect(head).toContain('http://demo-books.localhost:3123/admin');
    expect(head).not.toContain('books.example.com');
    expect(head).toContain('http://localhost:3123/platform');
    // The old first line sent browsers to a JSON 404.
    expect(lines.find((l) => l.trim())).not.toMatch(/is up on http:\/\/localhost:\d+\s*\(/);
  });

  it('names the dev mailbox page where npm start keeps the emails it would send, only when there is one', () => {
    const head = localBanner(input({ mailbox: true }))
      .split('\n')
      .slice(0, 10)
      .join('\n');
    expect(head).toMatch(/Mailbox \(dev\)\s+http:\/\/localhost:3123\/dev\/mailbox/);
    expect(localBanner(input())).not.toContain('/dev/mailbox');
  });

  it('gives the demo accounts, the TOTP secrets, how to get a code, and where reset codes appear', () => {
    const text = localBanner(input());
    expect(text).toContain('Demo-Passw0rd');
    for (const email of ['admin@demo-shoes.example', 'clerk@demo-shoes.example', 'customer@demo-books.example', 'operator@platform.example'])
      expect(text).toContain(email);
    expect(text).toContain('admin@demo-shoes.example: SHOESSECRET');
    expect(text).toContain('operator@platform.example: OPSECRET');
    expect(text).toMatch(/admin@demo-books\.example: \(lost/);
    expect(text).toContain("node -e \"import('otpauth')");
    expect(text).toMatch(/authenticator app/);
    expect(text).toMatch(/Password-reset codes are printed here/);
    expect(localBanner(input({ printsResetCodes: false }))).toMatch(/Password-reset codes are sent by the Cognito at COGNITO_ENDPOINT/);
  });

  it('says where data lives: kept in the data directory, or in memory with a scratch directory removed at exit', () => {
    expect(localBanner(input())).toContain('Data kept in /home/me/catalog/.data');
    const inMemory = localBanner(input({ data: { inMemory: true, scratch: '/tmp/catalog-local-x1' } }));
    expect(inMemory).toMatch(/In memory: nothing is kept; .*\/tmp\/catalog-local-x1, removed at exit/);
    expect(inMemory).not.toContain('Data kept');
  });
});
