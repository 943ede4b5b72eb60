import { describe, expect, it } from 'vitest';
import { bytes, storeUsageLine as nowrapLine, type StoreUsageFigures } from '../../../src/web/browser/lib/usage-text';

const storeUsageLine = (usage: StoreUsageFigures | undefined) => nowrapLine(usage).replaceAll('\u00a0', ' ');

describe('usage as the consoles show it', () => {
  it('reads a store’s figures as one line: requests today and this month, products against the plan, storage', () => {
    expect(storeUsageLine({ requestsToday: 1234, requestsThisMonth: 56789, products: 12, productLimit: 1000, storageBytes: 3.1 * 1024 * 1024 })).toBe(
      '1,234 req today · 56,789 this month · 12 / 1,000 products · 3.1 MB',
    );
  });

  it('wraps only between figures: the spaces inside one are no-break spaces', () => {
    expect(nowrapLine({ products: 12, productLimit: 1000, storageBytes: 2048 }).split(' · ')).toEqual(['12\u00a0/\u00a01,000\u00a0products', '2.0\u00a0KB']);
  });

  it('shows a dash for a store without figures, and leaves out what is not sent', () => {
    expect(storeUsageLine(undefined)).toBe('—');
    expect(storeUsageLine({})).toBe('—');
    expect(storeUsageLine({ products: 3 })).toBe('3 products');
  });

  it('writes bytes in the largest unit, one decimal below 10', () => {
    expect(bytes(0)).toBe('0 B');
    expect(bytes(1023)).toBe('1023 B');
    expect(bytes(1536)).toBe('1.5 KB');
    expect(bytes(50 * 1024 ** 3)).toBe('50 GB');
  });
});
