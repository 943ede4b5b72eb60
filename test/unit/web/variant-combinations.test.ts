import { describe, expect, it } from 'vitest';
import { combinations, skuFor } from '../../../src/web/browser/lib/variant-combinations';

describe("the product page's generated variants", () => {
  it('lists every combination of the values, in the options’ order', () => {
    expect(
      combinations([
        { name: 'Size', values: ['S', 'M'] },
        { name: 'Colour', values: ['Red', 'Blue', 'Green'] },
      ]),
    ).toEqual([
      ['S', 'Red'],
      ['S', 'Blue'],
      ['S', 'Green'],
      ['M', 'Red'],
      ['M', 'Blue'],
      ['M', 'Green'],
    ]);
    // No options: the one default variant.
    expect(combinations([])).toEqual([[]]);
    expect(combinations([{ name: 'Size', values: [] }])).toEqual([]);
  });

  it('names a generated variant after the first SKU and its values, in the characters a SKU allows', () => {
    expect(skuFor('TEE', ['M', 'Navy blue'])).toBe('TEE-M-Navy-blue');
    expect(skuFor('TEE', ['Größe L'])).toBe('TEE-Gr-e-L');
    expect(skuFor('', ['/XL'])).toBe('XL');
    expect(skuFor('A'.repeat(60), ['Large'])).toHaveLength(64);
  });
});
