import pino from 'pino';
import { createLocalEventBus } from '../../src/adapters/local/event-bus';
import type { EventPublisher } from '../../src/events/publisher';
import { createPlatform } from '../../src/platform';
import { seedTenants } from '../../src/tenants/seed';
import type { TenantManifest } from '../../src/tenants/manifest';
import { createTestTable } from './dynamo';
import { fakeVerifier } from './fake-verifier';

export const silentLogger = pino({ level: 'silent' });

export const testManifests: TenantManifest[] = [
  { slug: 'alpha', name: 'Alpha Store', domains: ['alpha.test'], tier: 'basic', firstAdmin: { email: 'a@alpha.test', name: 'A' }, seedProducts: [] },
  { slug: 'beta', name: 'Beta Store', domains: ['beta.test', 'www.beta.test'], tier: 'standard', firstAdmin: { email: 'b@beta.test', name: 'B' }, seedProducts: [] },
  { slug: 'gamma', name: 'Gamma Store', domains: ['gamma.test'], tier: 'premium', firstAdmin: { email: 'g@gamma.test', name: 'G' }, seedProducts: [] },
];

/** A platform on its own fresh table in the shared DynamoDB Local, with the test tenants registered. */
export async function testPlatform(options: { publisher?: EventPublisher; manifests?: TenantManifest[] } = {}) {
  const table = await createTestTable();
  const bus = createLocalEventBus();
  const platform = createPlatform({
    logger: silentLogger,
    platformClient: table.client,
    tableName: table.tableName,
    publisher: options.publisher ?? bus.publisher,
    verifier: fakeVerifier,
    tenantCacheTtlMs: 30_000,
    maxBodyBytes: 64 * 1024,
  });
  await seedTenants(options.manifests ?? testManifests, { registry: platform.registry, catalog: platform.catalog, logger: silentLogger });
  return { ...platform, table, bus };
}

export type TestPlatform = Awaited<ReturnType<typeof testPlatform>>;

/** `app.request` with a Host header and an optional bearer token, JSON in and out. */
export function client(app: TestPlatform['app'], host: string, token?: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await app.request(path, {
      method,
      headers: {
        host,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: response.status, headers: response.headers, body: json };
  };
}
