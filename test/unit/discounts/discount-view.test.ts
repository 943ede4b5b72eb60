import { describe, expect, it } from 'vitest';
import { MAX_CODES } from '../../../src/discounts/discount';
import { codesParam, withCodes } from '../../../src/discounts/discount-view';
import { ValidationError } from '../../../src/shared/errors';

/** The pages' entered codes (docs/discounts.md, "Several codes on the cart and checkout pages"). */
describe('codesParam', () => {
  it('reads each code as the shopper typed it, upper-cased and trimmed, in the order entered, a repeat once, blanks and overlong values dropped', () => {
    expect(codesParam([' welcome10 ', 'SUMMER21', 'Welcome10', '', '   ', 'X'.repeat(41)])).toEqual(['WELCOME10', 'SUMMER21']);
  });

  it(`takes ${MAX_CODES} codes and refuses one more with a 422 naming the field`, () => {
    const codes = Array.from({ length: MAX_CODES }, (_, i) => `CODE${i}`);
    expect(codesParam(codes)).toEqual(codes);
    expect(() => codesParam([...codes, 'ONEMORE'])).toThrow(ValidationError);
    try {
      codesParam([...codes, 'ONEMORE']);
    } catch (error) {
      expect((error as ValidationError).status).toBe(422);
      expect((error as ValidationError).errors).toEqual([{ path: 'code', message: `must name at most ${MAX_CODES} codes` }]);
    }
  });
});

describe('withCodes', () => {
  it('puts the page’s other values first and each code after, encoded; no query at all without either', () => {
    expect(withCodes('/cart', [])).toBe('/cart');
    expect(withCodes('/cart', ['A1', 'B2'])).toBe('/cart?code=A1&code=B2');
    expect(withCodes('/checkout', ['A1'], { line: ['p:v:1', 'q:w:2'] })).toBe('/checkout?line=p%3Av%3A1&line=q%3Aw%3A2&code=A1');
  });
});
