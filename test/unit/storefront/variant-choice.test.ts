import { describe, expect, it } from 'vitest';
import { chosenVariant, galleryOrder, imageOfVariant, valueStates, variantAfterChoosing, variantWithValues } from '../../../src/storefront/variant-choice';

/** Size × Colour as the demo runner has them, with holes: no 42/Blue, 41/Black sold out, 43 made in no colour. */
const options = [
  { name: 'Size', values: ['40', '41', '42', '43'] },
  { name: 'Colour', values: ['Black', 'Blue'] },
];
const v = (id: string, size: string, colour: string, inStock = true) => ({ id, optionValues: [size, colour], inStock });
const variants = [
  v('40-bla', '40', 'Black'),
  v('40-blu', '40', 'Blue'),
  v('41-bla', '41', 'Black', false),
  v('41-blu', '41', 'Blue'),
  v('42-bla', '42', 'Black'),
];

describe('which variant a choice is', () => {
  it('finds the variant with exactly these values, and none for a combination that is not sold', () => {
    expect(variantWithValues(variants, ['41', 'Blue'])?.id).toBe('41-blu');
    expect(variantWithValues(variants, ['42', 'Blue'])).toBeUndefined();
    expect(variantWithValues(variants, ['41'])).toBeUndefined();
  });

  it('shows the variant a link names, else the first in stock, else the first', () => {
    expect(chosenVariant(variants, '41-blu')?.id).toBe('41-blu');
    expect(chosenVariant(variants, 'nope')?.id).toBe('40-bla');
    expect(chosenVariant(variants, undefined)?.id).toBe('40-bla');
    const soldOutFirst = [v('a', '40', 'Black', false), v('b', '40', 'Blue')];
    expect(chosenVariant(soldOutFirst, undefined)?.id).toBe('b');
    expect(chosenVariant([v('a', '40', 'Black', false)], undefined)?.id).toBe('a');
    expect(chosenVariant([], 'x')).toBeUndefined();
  });

  it('keeps the other choices when the new combination exists', () => {
    expect(variantAfterChoosing(variants, ['40', 'Blue'], 0, '41')?.id).toBe('41-blu');
    expect(variantAfterChoosing(variants, ['41', 'Blue'], 1, 'Black')?.id).toBe('41-bla');
  });

  it('moves the other options to a variant that has the chosen value when the combination is not sold, preferring one in stock', () => {
    expect(variantAfterChoosing(variants, ['40', 'Blue'], 0, '42')?.id).toBe('42-bla');
    const twoOthers = [v('x-bla', '40', 'Black', false), v('x-red', '40', 'Red'), v('y-blu', '41', 'Blue')];
    expect(variantAfterChoosing(twoOthers, ['41', 'Blue'], 0, '40')?.id).toBe('x-red');
    expect(variantAfterChoosing(variants, ['40', 'Blue'], 0, '43')).toBeUndefined();
  });
});

describe('which values can be chosen next to the others', () => {
  it('marks values in stock, sold out, not sold with this choice, and not sold at all', () => {
    expect(valueStates(options, variants, ['41', 'Blue'])).toEqual([
      ['available', 'available', 'other', 'none'],
      ['sold-out', 'available'],
    ]);
    expect(valueStates(options, variants, ['42', 'Black'])).toEqual([
      ['available', 'sold-out', 'available', 'none'],
      ['available', 'other'],
    ]);
  });
});

describe('the picture a variant shows', () => {
  const images = [{ id: 'front' }, { id: 'side' }, { id: 'blue' }];
  it('is its own first picture, else the product’s first', () => {
    expect(imageOfVariant(images, { imageIds: ['blue', 'side'] })?.id).toBe('blue');
    expect(imageOfVariant(images, { imageIds: [] })?.id).toBe('front');
    expect(imageOfVariant(images, { imageIds: ['gone'] })?.id).toBe('front');
    expect(imageOfVariant(images, undefined)?.id).toBe('front');
    expect(imageOfVariant([], { imageIds: [] })).toBeUndefined();
  });

  it('comes first in the gallery, the rest in the product’s order', () => {
    expect(galleryOrder(images, images[2]).map((i) => i.id)).toEqual(['blue', 'front', 'side']);
    expect(galleryOrder(images, undefined).map((i) => i.id)).toEqual(['front', 'side', 'blue']);
  });
});
