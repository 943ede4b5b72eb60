import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../src/identity/demo-users';
import { LOCAL_CUSTOMER, optionsFromArgs } from '../../../scripts/smoke';

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
