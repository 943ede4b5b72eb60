import { describe, expect, it } from 'vitest';
import { checklistOf } from '../../../src/console/getting-started';

const facts = { settingsVersion: 0, productCount: 0, withImage: false, domains: ['tea.localhost'], platformDomain: 'tea.localhost' };
const done = (list: ReturnType<typeof checklistOf>) => Object.fromEntries(list.steps.map((s) => [s.id, s.done]));

describe('the getting-started checklist', () => {
  it('is all to do for a new store, each step linking where it is done', () => {
    const list = checklistOf(facts);
    expect(done(list)).toEqual({ settings: false, product: false, image: false, domain: false });
    expect(list.steps.find((s) => s.id === 'domain')?.href).toBe('#domains-title');
  });

  it('ticks each step from the store’s data', () => {
    expect(done(checklistOf({ ...facts, settingsVersion: 1 })).settings).toBe(true);
    expect(done(checklistOf({ ...facts, productCount: 1 })).product).toBe(true);
    expect(done(checklistOf({ ...facts, withImage: true })).image).toBe(true);
  });

  it('counts a domain as the store’s own only when it is not the platform subdomain', () => {
    expect(done(checklistOf({ ...facts, domains: ['tea.localhost', 'tea.localhost'] })).domain).toBe(false);
    expect(done(checklistOf({ ...facts, domains: ['tea.localhost', 'shop.tea.example'] })).domain).toBe(true);
    expect(done(checklistOf({ ...facts, domains: ['shop.tea.example'] })).domain).toBe(true);
  });
});
