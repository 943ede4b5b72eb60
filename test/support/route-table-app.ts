import pino from 'pino';
import type { CatalogService } from '../../src/catalog/service';
import type { GroupingService } from '../../src/catalog/grouping-service';
import type { TransferService } from '../../src/catalog/transfer/service';
import type { PrivacyService } from '../../src/privacy/service';
import { createApp } from '../../src/http/app';
import type { IdentityService } from '../../src/identity/service';
import { createAuthThrottle } from '../../src/identity/throttle';
import type { InventoryService } from '../../src/inventory/service';
import type { SettingsService } from '../../src/settings/service';
import type { IdempotencyStore } from '../../src/shared/idempotency';
import { memoryRateLimiter } from '../../src/shared/rate-limit/memory';
import type { OnboardingService } from '../../src/tenants/onboarding';
import type { TenantResolver } from '../../src/tenants/resolver';
import { fakeVerifier } from './fake-verifier';
import type { SignUpService } from '../../src/signup/service';
import { createSignUpThrottle } from '../../src/signup/throttle';
import type { PlanService } from '../../src/plans/service';
import type { UsageService } from '../../src/usage/service';
import type { UsageMeter } from '../../src/usage/meter';
import type { CustomDomainService } from '../../src/tenants/custom-domains/service';
import type { CartService } from '../../src/shopping/cart-service';
import type { WishlistService } from '../../src/shopping/wishlist-service';
import type { OrderService } from '../../src/orders/service';
import type { InvoiceService } from '../../src/invoices/service';
import type { SearchService } from '../../src/search/service';
import type { PriceScheduleService } from '../../src/pricing/schedule-service';
import type { CustomerGroupService } from '../../src/groups/service';
import type { OffboardingService } from '../../src/tenants/offboarding/service';
import type { DiscountService } from '../../src/discounts/service';
import type { ReviewService } from '../../src/reviews/service';

/**
 * The app with every route mounted and no service behind them: for tests that read its route
 * table (access rules, the contract), never for requests that reach a handler.
 */
export const routeTableApp = () =>
  createApp({
    logger: pino({ level: 'silent' }),
    verifier: fakeVerifier,
    tenants: {} as TenantResolver,
    catalog: {} as CatalogService,
    groupings: {} as GroupingService,
    transfer: {} as TransferService,
    inventory: {} as InventoryService,
    identity: {} as IdentityService,
    onboarding: {} as OnboardingService,
    settings: {} as SettingsService,
    search: {} as SearchService,
    reviews: {} as ReviewService,
    plans: {} as PlanService,
    usage: {} as UsageService,
    meter: {} as UsageMeter,
    customDomains: {} as CustomDomainService,
    idempotency: {} as IdempotencyStore,
    carts: {} as CartService,
    wishlist: {} as WishlistService,
    orders: {} as OrderService,
    invoices: {} as InvoiceService,
    priceSchedule: {} as PriceScheduleService,
    customerGroups: {} as CustomerGroupService,
    offboarding: {} as OffboardingService,
    discounts: {} as DiscountService,
    privacy: {} as PrivacyService,
    paymentWebhook: async () => {
      throw new Error('not for requests');
    },
    maxBodyBytes: 1024,
    // Mounted off AWS only; listed so its rule is reviewed like every other route's.
    publicMedia: { readProductImage: async () => undefined },
    throttle: createAuthThrottle(memoryRateLimiter()),
    platformHosts: ['localhost'],
    signUps: {} as SignUpService,
    gettingStarted: async () => {
      throw new Error('not for requests');
    },
    signUpThrottle: createSignUpThrottle(memoryRateLimiter()),
    assets: {
      entries: {
        admin: '/assets/a.js',
        operator: '/assets/o.js',
        account: '/assets/u.js',
        signup: '/assets/g.js',
        product: '/assets/p.js',
        minicart: '/assets/m.js',
        cart: '/assets/c.js',
        search: '/assets/q.js',
        style: '/assets/s.css',
      },
      files: [],
    },
  });
