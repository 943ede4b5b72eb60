import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request } from 'node:https';
import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { IMAGE_SIGNATURE_BYTES, IMAGE_TYPES, imageType, MAX_IMAGE_BYTES } from '../../catalog/media';
import { ImageFetchError, type FetchedImage, type ImageFetcher } from '../../catalog/transfer/image-fetch';

/**
 * Addresses an import may never reach (SSRF): this host, private networks, link-local (the
 * instance metadata service, 169.254.169.254 and fd00:ec2::254), shared, multicast, reserved and
 * documentation ranges. IPv4-mapped IPv6 addresses are checked as the IPv4 they carry.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv6');

/** Whether an address is one an import must not connect to. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return true;
}

type Lookup = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;
const systemLookup: Lookup = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

export type SafeImageFetchOptions = {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** DNS resolution (tests give a stand-in). */
  lookup?: Lookup;
};

/**
 * Fetches images for imports without letting a URL reach inside: https only; every host name
 * resolved and refused when ANY of its addresses is internal, and the connection made to the
 * address that was checked (so a second, different DNS answer cannot slip in); every redirect
 * checked the same way; at most `maxBytes` read; an overall timeout; the bytes must be the image
 * type the response claims.
 */
export function safeImageFetcher(options: SafeImageFetchOptions = {}): ImageFetcher {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? MAX_IMAGE_BYTES;
  const maxRedirects = options.maxRedirects ?? 3;
  const resolve = options.lookup ?? systemLookup;

  const checkedAddress = (hostname: string): Promise<{ address: string; family: number }> =>
    new Promise((done, fail) => {
      const bare = hostname.replace(/^\[|\]$/g, '');
      if (isIP(bare)) {
        if (isBlockedAddress(bare)) fail(new ImageFetchError(`${bare} is not a public address`));
        else done({ address: bare, family: isIP(bare) });
        return;
      }
      resolve(bare, (error, addresses) => {
        if (error || addresses.length === 0) return fail(new ImageFetchError(`${bare} does not resolve`));
        const blocked = addresses.find((a) => isBlockedAddress(a.address));
        if (blocked) return fail(new ImageFetchError(`${bare} resolves to ${blocked.address}, not a public address`));
        done(addresses[0]!);
      });
    });

  const get = (url: URL, deadline: AbortSignal): Promise<IncomingMessage> =>
    checkedAddress(url.hostname).then(
      (target) =>
        new Promise((done, fail) => {
          const req = request(url, {
            signal: deadline,
            // The connection goes to the address checked above, never to a fresh resolution.
            lookup: (_host, opts, callback) => {
              if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [target]);
              else callback(null, target.address, target.family);
            },
            headers: { accept: 'image/jpeg, image/png, image/webp', 'user-agent': 'catalog-platform-import/1' },
          });
          req.on('response', done);
          req.on('error', fail);
          req.end();
        }),
    );

  return {
    async fetch(text) {
      const deadline = AbortSignal.timeout(timeoutMs);
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw new ImageFetchError('Image Src is not a URL');
      }
      try {
        for (let hop = 0; ; hop++) {
          if (url.protocol !== 'https:') throw new ImageFetchError('Image Src must be an https URL');
          if (url.username || url.password) throw new ImageFetchError('Image Src must not carry credentials');
          const response = await get(url, deadline);
          const status = response.statusCode ?? 0;
          if (status >= 300 && status < 400 && response.headers.location) {
            response.resume();
            if (hop >= maxRedirects) throw new ImageFetchError(`more than ${maxRedirects} redirects`);
            url = new URL(response.headers.location, url);
            continue;
          }
          if (status !== 200) {
            response.resume();
            throw new ImageFetchError(`the image answered ${status}`);
          }
          const type = imageType((response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase());
          if (!type) {
            response.resume();
            throw new ImageFetchError('the URL is not a JPEG, PNG or WebP image');
          }
          if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
            response.destroy();
            throw new ImageFetchError(`the image is larger than ${maxBytes} bytes`);
          }
          const chunks: Buffer[] = [];
          let size = 0;
          for await (const chunk of response as AsyncIterable<Buffer>) {
            size += chunk.length;
            if (size > maxBytes) {
              response.destroy();
              throw new ImageFetchError(`the image is larger than ${maxBytes} bytes`);
            }
            chunks.push(chunk);
          }
          const body = new Uint8Array(Buffer.concat(chunks));
          if (!IMAGE_TYPES.get(type)!.matches(body.subarray(0, IMAGE_SIGNATURE_BYTES)))
            throw new ImageFetchError(`the content is not the ${type} it claims to be`);
          return { body, contentType: type } satisfies FetchedImage;
        }
      } catch (error) {
        if (error instanceof ImageFetchError) throw error;
        if (deadline.aborted) throw new ImageFetchError(`no answer within ${timeoutMs / 1000} s`);
        throw new ImageFetchError(`unreachable (${(error as Error).message})`);
      }
    },
  };
}
