import { describe, expect, it } from 'vitest';
import { changeKind, limitsOf, overLimits, PLAN_NAMES, PLANS } from '../../../src/plans/plans';
import { TenantTierSchema } from '../../../src/tenants/tenant';

describe('plans', () => {
  it('are the tiers, each dearer plan allowing at least as much of everything', () => {
    expect(PLAN_NAMES).toEqual(TenantTierSchema.options);
    for (const [cheaper, dearer] of [
      ['basic', 'standard'],
      ['standard', 'premium'],
    ] as const) {
      expect(PLANS[dearer].monthlyPrice.amount).toBeGreaterThan(PLANS[cheaper].monthlyPrice.amount);
      for (const [name, limit] of Object.entries(PLANS[cheaper].limits)) {
        expect(PLANS[dearer].limits[name as keyof typeof PLANS.basic.limits], name).toBeGreaterThan(limit);
      }
    }
  });

  it('price in integer cents, and a burst at least the sustained rate', () => {
    for (const plan of Object.values(PLANS)) {
      expect(Number.isInteger(plan.monthlyPrice.amount)).toBe(true);
      expect(plan.limits.burst).toBeGreaterThanOrEqual(plan.limits.requestsPerSecond);
    }
    expect(Object.values(PLANS).map((p) => p.monthlyPrice.amount)).toEqual([2_900, 7_900, 29_900]);
  });

  it('limitsOf reads the store’s tier, from the given book', () => {
    expect(limitsOf({ tier: 'standard' })).toBe(PLANS.standard.limits);
    const book = { ...PLANS, basic: { ...PLANS.basic, limits: { ...PLANS.basic.limits, products: 2 } } };
    expect(limitsOf({ tier: 'basic' }, book).products).toBe(2);
  });

  it('says what a store holds more of than a plan allows, at the limit being fine', () => {
    const limits = PLANS.basic.limits;
    expect(overLimits(PLANS.basic, { products: limits.products, staff: limits.staff, storageBytes: 0 })).toEqual([]);
    expect(overLimits(PLANS.basic, { products: limits.products + 1, staff: limits.staff + 1, storageBytes: limits.storageBytes + 1 })).toEqual([
      'products',
      'staff',
      'storageBytes',
    ]);
    expect(overLimits(PLANS.premium, { products: limits.products + 1, staff: 0, storageBytes: 0 })).toEqual([]);
  });

  it('names a change by price', () => {
    expect(changeKind('basic', 'premium')).toBe('upgrade');
    expect(changeKind('premium', 'standard')).toBe('downgrade');
    expect(changeKind('standard', 'standard')).toBe('same');
  });
});
