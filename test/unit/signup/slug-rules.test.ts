import { describe, expect, it } from 'vitest';
import { RESERVED_SLUGS, slugCandidates, slugFromName, slugProblem } from '../../../src/signup/slug-rules';

describe('slug rules', () => {
  it('accepts lowercase letters, digits and inner hyphens, 1 to 40 long', () => {
    for (const slug of ['tea', 'tea-house', 'a', 'x1', 'shop-24-7', 'a'.repeat(40)]) expect(slugProblem(slug), slug).toBeUndefined();
  });

  it('refuses what cannot be a host label or a key part', () => {
    for (const slug of ['', 'Tea', '-tea', 'tea-', 'tea_house', 'tea.house', 'tea#1', 'a'.repeat(41), 'tea--house', 'xn--nxasmq6b', 'té'])
      expect(slugProblem(slug), slug).toBe('invalid');
  });

  it('keeps the platform’s own names for the platform', () => {
    for (const slug of ['www', 'api', 'admin', 'platform', 'mail', 'app', 'static', 'cdn', 'status', 'help', 'support', 'docs', 'dev', 'localhost'])
      expect(slugProblem(slug), slug).toBe('reserved');
    // Every reserved name is a well-formed slug: otherwise the list would say nothing.
    for (const slug of RESERVED_SLUGS) expect(slugProblem(slug)).toBe('reserved');
  });

  it('makes a slug of a store’s name', () => {
    expect(slugFromName('Tea & Co. Berlin')).toBe('tea-co-berlin');
    expect(slugFromName('  Café Crème ')).toBe('cafe-creme');
    expect(slugFromName('x'.repeat(60))).toHaveLength(40);
  });

  it('suggests well-formed, unreserved alternatives', () => {
    expect(slugCandidates('tea-house', 3)).toEqual(['tea-house-2', 'tea-house-3', 'tea-house-4']);
    const long = slugCandidates('a'.repeat(40), 2);
    for (const s of long) expect(slugProblem(s), s).toBeUndefined();
  });
});
