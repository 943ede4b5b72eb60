import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEMO_IMAGE_HEIGHT, DEMO_IMAGE_WIDTH, demoImageCount, demoImages, encodePng, initials } from '../../../src/tenants/demo-images';

/** The chunks of a PNG file, with each one's CRC checked as a decoder does. */
function chunks(png: Uint8Array) {
  const buffer = Buffer.from(png);
  expect(buffer.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const found: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < buffer.length; ) {
    const length = buffer.readUInt32BE(at);
    const type = buffer.toString('ascii', at + 4, at + 8);
    const data = buffer.subarray(at + 8, at + 8 + length);
    expect(buffer.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(crc(buffer.subarray(at + 4, at + 8 + length)));
    found.push({ type, data });
    at += 12 + length;
  }
  return found;
}

function crc(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}

describe('demo pictures', () => {
  it('encodes a PNG a decoder accepts: signature, CRCs, header and every row of pixels', () => {
    const rgb = Uint8Array.from({ length: 3 * 2 * 3 }, (_, i) => i * 10);
    const [header, data, end] = chunks(encodePng(3, 2, rgb));
    expect(header!.type).toBe('IHDR');
    expect([header!.data.readUInt32BE(0), header!.data.readUInt32BE(4), header!.data[8], header!.data[9]]).toEqual([3, 2, 8, 2]);
    expect(data!.type).toBe('IDAT');
    const rows = inflateSync(data!.data);
    expect([...rows]).toEqual([0, ...rgb.subarray(0, 9), 0, ...rgb.subarray(9)]);
    expect(end!.type).toBe('IEND');
  });

  it('draws the same 1 to 3 pictures for the same product every time, and other ones for another', () => {
    const first = demoImages('shoe', { sku: 'RUN-001', name: 'Trail Runner' });
    expect(first.length).toBe(demoImageCount('RUN-001'));
    expect(first.length).toBeGreaterThanOrEqual(1);
    expect(first.length).toBeLessThanOrEqual(3);
    expect(demoImages('shoe', { sku: 'RUN-001', name: 'Trail Runner' })).toEqual(first);
    expect(demoImages('shoe', { sku: 'RUN-002', name: 'Road Racer' })[0]).not.toEqual(first[0]);
    const header = chunks(first[0]!)[0]!.data;
    expect([header.readUInt32BE(0), header.readUInt32BE(4)]).toEqual([DEMO_IMAGE_WIDTH, DEMO_IMAGE_HEIGHT]);
  });

  it('takes the initials from the first two words', () => {
    expect(initials('Trail Runner')).toBe('TR');
    expect(initials('Partition Keys and Other Poems')).toBe('PK');
    expect(initials('out')).toBe('O');
    expect(initials('—')).toBe('?');
  });
});
