import { describe, expect, it } from 'vitest';
import { isBlockedAddress, safeImageFetcher } from '../../../../src/adapters/http/safe-image-fetch';

describe('import image fetch, SSRF protection', () => {
  it('refuses loopback, private, link-local (metadata), shared, multicast and reserved addresses, v4 and v6', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      'fc00::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      'not-an-address',
    ])
      expect(isBlockedAddress(address), address).toBe(true);
    for (const address of ['93.184.216.34', '172.32.0.1', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isBlockedAddress(address), address).toBe(false);
  });

  const resolvingTo =
    (...addresses: string[]) =>
    (_host: string, callback: (error: Error | null, a: { address: string; family: number }[]) => void) =>
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );

  it('refuses plain http, credentials in the URL, literal internal addresses and names that resolve inside', async () => {
    const fetcher = safeImageFetcher({ lookup: resolvingTo('93.184.216.34', '10.0.0.5') });
    await expect(fetcher.fetch('http://img.example/a.png')).rejects.toThrow('must be an https URL');
    await expect(fetcher.fetch('https://user:pw@img.example/a.png')).rejects.toThrow('credentials');
    await expect(fetcher.fetch('https://127.0.0.1/a.png')).rejects.toThrow('127.0.0.1 is not a public address');
    await expect(fetcher.fetch('https://[::1]/a.png')).rejects.toThrow('::1 is not a public address');
    await expect(fetcher.fetch('https://169.254.169.254/latest/meta-data/')).rejects.toThrow('not a public address');
    // One internal answer among public ones is enough to refuse (a rebinding name may alternate).
    await expect(fetcher.fetch('https://img.example/a.png')).rejects.toThrow('resolves to 10.0.0.5, not a public address');
    await expect(safeImageFetcher({ lookup: resolvingTo('::ffff:7f00:1') }).fetch('https://img.example/a.png')).rejects.toThrow('not a public address');
    await expect(fetcher.fetch('not a url')).rejects.toThrow('not a URL');
  });

  it('says a name that does not resolve is unreachable', async () => {
    const fetcher = safeImageFetcher({ lookup: (_h, callback) => callback(new Error('ENOTFOUND'), []) });
    await expect(fetcher.fetch('https://nowhere.invalid/a.png')).rejects.toThrow('nowhere.invalid does not resolve');
  });
});
