import { inflateSync } from 'node:zlib';

/** WinAnsi bytes that differ from Latin-1 and that our documents may print. */
const WIN_ANSI = new Map([
  [0x80, '€'],
  [0x85, '…'],
  [0x91, '‘'],
  [0x92, '’'],
  [0x93, '“'],
  [0x94, '”'],
  [0x96, '–'],
  [0x97, '—'],
]);
const decode = (bytes: number[]) => bytes.map((b) => WIN_ANSI.get(b) ?? String.fromCharCode(b)).join('');

/**
 * The text a PDF written by src/invoices/pdf.ts shows, one string per text-drawing operator, in
 * drawing order. Enough for our own documents (standard fonts, no object streams, Flate content
 * streams, hex strings shown with `Tj`); not a general PDF reader.
 */
export function pdfText(pdf: Uint8Array): string[] {
  const raw = Buffer.from(pdf);
  const text: string[] = [];
  let from = 0;
  for (;;) {
    const start = raw.indexOf('stream', from, 'latin1');
    if (start < 0) break;
    // `endstream` contains `stream`: skip it.
    if (raw.subarray(start - 3, start).toString('latin1') === 'end') {
      from = start + 6;
      continue;
    }
    const bodyStart = start + 6 + (raw[start + 6] === 0x0d ? 2 : 1);
    const end = raw.indexOf('endstream', bodyStart, 'latin1');
    const dictionary = raw.subarray(Math.max(0, raw.lastIndexOf('<<', start, 'latin1')), start).toString('latin1');
    let body = raw.subarray(bodyStart, end);
    from = end + 9;
    if (dictionary.includes('/FlateDecode')) {
      try {
        body = inflateSync(body);
      } catch {
        continue;
      }
    }
    const content = body.toString('latin1');
    for (const match of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
      const hex = match[1]!;
      text.push(decode(Array.from({ length: hex.length / 2 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16))));
    }
  }
  return text;
}
