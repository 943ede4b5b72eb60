import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { routeTableApp } from '../../support/route-table-app';
import { ProductCreateSchema } from '../../../src/catalog/product';
import { buildOpenApiDocument } from '../../../src/http/contract/document';
import { OPERATIONS, openApiPath } from '../../../src/http/contract/operations';
import { PageQuerySchema } from '../../../src/http/request';
import { AdjustmentSchema } from '../../../src/inventory/inventory';
import { checkAnswer, ContractViolation } from '../../support/contract';
import { EXPECTED_ACCESS } from '../../support/route-access';

const app = routeTableApp();

const documented = () => {
  const doc = buildOpenApiDocument();
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
};

describe('the OpenAPI contract', () => {
  it('is a valid OpenAPI 3.1 document (swagger-parser, against the 3.1 schema, offline)', async () => {
    const doc = buildOpenApiDocument();
    const validated = (await SwaggerParser.validate(structuredClone(doc) as never)) as { openapi: string };
    expect(validated.openapi).toBe('3.1.0');
  });

  it('documents every route the app serves, and nothing it does not', () => {
    const served = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${openApiPath(r.path)}`));
    expect(new Set(documented())).toEqual(served);
  });

  it('documents the routes of the access table with the same access rule', () => {
    const fromContract = Object.fromEntries(
      OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op.access === 'public' ? 'public' : [...op.access].sort()]),
    );
    const fromTable = Object.fromEntries(Object.entries(EXPECTED_ACCESS).map(([route, rule]) => [route, rule === 'public' ? rule : [...rule].sort()]));
    expect(fromContract).toEqual(fromTable);
  });

  it('documents with the very schema objects the handlers validate with', () => {
    const op = (route: string) => OPERATIONS.find((o) => `${o.method.toUpperCase()} ${o.path}` === route)!;
    expect(op('POST /admin/products').body).toBe(ProductCreateSchema);
    expect(op('POST /admin/products/:id/inventory/adjustments').body).toBe(AdjustmentSchema);
    expect(op('GET /admin/products').query).toBe(PageQuerySchema);
  });

  it('has problem details as one shared component, and bearer and cookie-with-CSRF security', () => {
    const doc = buildOpenApiDocument();
    expect(doc.components.schemas.Problem).toMatchObject({ type: 'object', required: expect.arrayContaining(['type', 'title', 'status', 'detail']) });
    expect((doc.paths as Record<string, any>)['/admin/products'].post.responses['422']).toEqual({ $ref: '#/components/responses/Problem422' });
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      session: { in: 'cookie', name: '__Host-session' },
      csrf: { in: 'header', name: 'X-CSRF' },
    });
    expect((doc.paths as Record<string, any>)['/admin/products'].post.security).toEqual([{ bearer: [] }, { session: [], csrf: [] }]);
    expect((doc.paths as Record<string, any>)['/products'].get.security).toEqual([]);
  });
});

describe('checking answers against the contract', () => {
  const json = new Headers({ 'content-type': 'application/json' });
  const problem = new Headers({ 'content-type': 'application/problem+json' });
  const store = { id: 'acme', name: 'Acme', settings: { currency: 'EUR', taxRate: 0, pricesIncludeTax: true, shippingRates: [], sellerName: '' } };

  it('accepts a documented answer', () => {
    expect(() => checkAnswer('GET', '/store', 200, json, store)).not.toThrow();
    expect(() =>
      checkAnswer('GET', '/store', 404, problem, { type: '/problems/not-found', title: 'Not found', status: 404, detail: 'x', instance: '/store' }),
    ).not.toThrow();
  });

  it('refuses a body the schema does not allow, naming the field', () => {
    expect(() => checkAnswer('GET', '/store', 200, json, { id: 'acme' })).toThrow(/must have required property 'name'/);
    expect(() => checkAnswer('GET', '/store', 200, json, { ...store, tenantSecret: 'x' })).toThrow(ContractViolation);
  });

  it('refuses an undocumented status, media type or operation', () => {
    expect(() => checkAnswer('GET', '/store', 418, problem, { type: '/problems/x', title: 't', status: 418, detail: 'd', instance: '/' })).toThrow(
      /not documented/,
    );
    expect(() => checkAnswer('GET', '/store', 200, new Headers({ 'content-type': 'text/plain' }), 'hi')).toThrow(/application\/json/);
    expect(() => checkAnswer('GET', '/nowhere', 200, json, {})).toThrow(/no such operation/);
    // An unknown route's own answer, a 404 problem, is documented behaviour.
    expect(() =>
      checkAnswer('GET', '/nowhere', 404, problem, { type: '/problems/not-found', title: 'Not found', status: 404, detail: 'x', instance: '/nowhere' }),
    ).not.toThrow();
  });

  it('refuses a problem answer that is not problem details', () => {
    expect(() => checkAnswer('GET', '/store', 404, problem, { error: 'nope' })).toThrow(ContractViolation);
  });
});

describe('serving the contract', () => {
  it('answers /openapi.json on any host, public and cacheable, built from the operations', async () => {
    for (const host of ['localhost', 'shop.example.com']) {
      const response = await app.request('/openapi.json', { headers: { host } });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      expect(await response.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    }
  });

  it('serves /docs with scripts from this origin only: no CDN, no inline script', async () => {
    const response = await app.request('/docs', { headers: { host: 'shop.example.com' } });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self';");
    // Scalar builds its page with <style> elements: this page alone allows them.
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toMatch(/https?:|unsafe-eval|script-src[^;]*unsafe-inline/);
    const html = await response.text();
    expect([...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1])).toEqual([' src="/docs/scalar.js"']);
    const script = await app.request('/docs/scalar.js', { headers: { host: 'shop.example.com' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await app.request('/docs/other.js', { headers: { host: 'shop.example.com' } })).status).toBe(404);
  });
});
