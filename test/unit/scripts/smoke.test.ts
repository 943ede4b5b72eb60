import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../src/identity/demo-users';
import { LOCAL_CUSTOMER, optionsFromArgs, smoke } from '../../../scripts/smoke';

/** What `npm run smoke` checks, and as whom, from its arguments and environment. */
describe('smoke options', () => {
  it('against npm start, needs only the base URL: the demo store on that port, the demo customer', () => {
    const o = optionsFromArgs(['--base-url', 'http://localhost:3000'], {});
    expect(o.store).toEqual({ url: new URL('http://localhost:3000'), host: 'demo-shoes.localhost:3000' });
    expect(o).toMatchObject({ email: LOCAL_CUSTOMER, password: DEMO_PASSWORD, waitSeconds: 60 });
  });

  it('against a deployed stage, reads the store at its own URL as the configured customer, the password from the environment only', () => {
    const o = optionsFromArgs(
      ['--base-url', 'https://abc.execute-api.eu-west-1.amazonaws.com', '--store-url', 'https://smoke.shops.example.com', '--email', 'smoke@example.com'],
      {
        SMOKE_PASSWORD: 'from-a-secret',
      },
    );
    expect(o.store).toEqual({ url: new URL('https://smoke.shops.example.com'), host: 'smoke.shops.example.com' });
    expect(o).toMatchObject({ email: 'smoke@example.com', password: 'from-a-secret' });
    expect(() => optionsFromArgs(['--base-url', 'https://api.example.com', '--password', 'x'], {})).toThrow(/unknown argument --password/);
  });

  it('never signs in to a deployed stage with the demo account, nor guesses a store there', () => {
    expect(() => optionsFromArgs(['--base-url', 'https://api.example.com'], {})).toThrow(/--store-url/);
    expect(() => optionsFromArgs(['--base-url', 'https://api.example.com', '--store-url', 'https://s.example.com'], {})).toThrow(/SMOKE_PASSWORD/);
    expect(() => optionsFromArgs(['--base-url', 'https://api.example.com', '--store-url', 'https://s.example.com'], { SMOKE_PASSWORD: 'x' })).toThrow(
      /--email/,
    );
  });

  it('checks health only when asked (an environment without a smoke store yet)', () => {
    expect(optionsFromArgs(['--base-url', 'https://api.example.com', '--health-only'], {})).toEqual({
      baseUrl: new URL('https://api.example.com'),
      waitSeconds: 60,
    });
  });

  it('refuses wrong arguments', () => {
    expect(() => optionsFromArgs([], {})).toThrow(/--base-url is required/);
    expect(() => optionsFromArgs(['--base-url', 'not a url'], {})).toThrow(/not a URL/);
    expect(() => optionsFromArgs(['--base-url'], {})).toThrow(/needs a value/);
    expect(() => optionsFromArgs(['--base-url', 'http://localhost:3000', '--wait', 'soon'], {})).toThrow(/--wait/);
    expect(() => optionsFromArgs(['--base-url', 'http://localhost:3000', '--store-url', 'http://a.localhost', '--store-host', 'b.localhost'], {})).toThrow(
      /not both/,
    );
  });
});

/** A stage whose readiness fails (a dependency down), served by a stand-in of the API's health routes. */
describe('smoke against a stage with a dependency down', () => {
  it('fails readiness naming the dependencies the API reports, and still runs the store checks', async () => {
    const server = createServer((req, res) => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/health') return json(200, { status: 'ok' });
      if (req.url === '/health/ready') return json(503, { status: 'unavailable', checks: { table: 'failing', userPool: 'ok' }, failing: ['table'] });
      if (req.url?.startsWith('/products'))
        return json(503, { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'the table is unavailable' });
      return json(404, {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const results = await smoke(optionsFromArgs(['--base-url', `http://127.0.0.1:${port}`, '--wait', '0'], {}));
      const byName = Object.fromEntries(results.map((r) => [r.name, r]));
      expect(byName.health!.ok).toBe(true);
      expect(byName.readiness).toMatchObject({ ok: false, detail: 'GET /health/ready 503 (failing: table)' });
      expect(byName['catalog read']).toMatchObject({ ok: false, detail: expect.stringContaining('503: Service Unavailable: the table is unavailable') });
      expect(byName['sign-in']!.ok).toBe(false);
      expect(byName['sign-out']).toMatchObject({ skipped: true });
    } finally {
      server.close();
    }
  });
});
