import { TooManyRequestsError } from '../shared/errors';
import type { RateLimiter, RateRule } from '../shared/rate-limit';

type Limit = { limit: number; windowSeconds: number };

/**
 * Store creation, counted at the sign-up (each one holds a slug and sends an email; a store
 * opens only with a sign-up's code): per owner email, so one address cannot open stores by the
 * dozen, and per client address, so one machine cannot either with many emails.
 */
export type SignUpLimits = { perEmail: Limit; perAddress: Limit; slugChecksPerAddress: Limit };

/** Documented in docs/architecture.md ("Self-service sign-up"). */
export const DEFAULT_SIGNUP_LIMITS: SignUpLimits = {
  perEmail: { limit: 5, windowSeconds: 24 * 3600 },
  perAddress: { limit: 20, windowSeconds: 3600 },
  // As-you-type checks (debounced by the page): generous for a person, a wall for a slug harvester.
  slugChecksPerAddress: { limit: 300, windowSeconds: 5 * 60 },
};

export type SignUpThrottle = ReturnType<typeof createSignUpThrottle>;

export function createSignUpThrottle(limiter: RateLimiter, limits: SignUpLimits = DEFAULT_SIGNUP_LIMITS) {
  const email: RateRule = { name: 'signup-email', ...limits.perEmail };
  const address: RateRule = { name: 'signup-address', ...limits.perAddress };
  const checks: RateRule = { name: 'slug-check', ...limits.slugChecksPerAddress };
  const refuse = (retryAfterSeconds: number, what: string) =>
    new TooManyRequestsError(`Too many ${what} from here; try again in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
      extra: { retryAfter: retryAfterSeconds },
    });
  return {
    /** Counts one slug check against the client's address. */
    async check(clientAddress: string | undefined) {
      if (clientAddress === undefined) return;
      const decision = await limiter.hit('platform', checks, clientAddress);
      if (!decision.allowed) throw refuse(decision.retryAfterSeconds, 'address checks');
    },

    /** Counts one sign-up against the email and the address; refuses (429 with Retry-After) once either is over. */
    async before(owner: string, clientAddress: string | undefined) {
      const decisions = await Promise.all([
        limiter.hit('platform', email, owner.trim().toLowerCase()),
        clientAddress === undefined ? undefined : limiter.hit('platform', address, clientAddress),
      ]);
      const refused = decisions.filter((d) => d !== undefined && !d.allowed);
      if (refused.length === 0) return;
      throw refuse(Math.max(...refused.map((d) => d!.retryAfterSeconds)), 'store sign-ups');
    },
  };
}
