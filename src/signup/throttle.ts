import { TooManyRequestsError } from '../shared/errors';
import type { RateLimiter, RateRule } from '../shared/rate-limit';

type Limit = { limit: number; windowSeconds: number };

/**
 * Store creation, counted at the sign-up (each one holds a slug and sends an email; a store
 * opens only with a sign-up's code): per owner email, so one address cannot open stores by the
 * dozen, and per client address, so one machine cannot either with many emails.
 */
export type SignUpLimits = { perEmail: Limit; perAddress: Limit };

/** Documented in docs/architecture.md ("Self-service sign-up"). */
export const DEFAULT_SIGNUP_LIMITS: SignUpLimits = {
  perEmail: { limit: 5, windowSeconds: 24 * 3600 },
  perAddress: { limit: 20, windowSeconds: 3600 },
};

export type SignUpThrottle = ReturnType<typeof createSignUpThrottle>;

export function createSignUpThrottle(limiter: RateLimiter, limits: SignUpLimits = DEFAULT_SIGNUP_LIMITS) {
  const email: RateRule = { name: 'signup-email', ...limits.perEmail };
  const address: RateRule = { name: 'signup-address', ...limits.perAddress };
  return {
    /** Counts one sign-up against the email and the address; refuses (429 with Retry-After) once either is over. */
    async before(owner: string, clientAddress: string | undefined) {
      const decisions = await Promise.all([
        limiter.hit('platform', email, owner.trim().toLowerCase()),
        clientAddress === undefined ? undefined : limiter.hit('platform', address, clientAddress),
      ]);
      const refused = decisions.filter((d) => d !== undefined && !d.allowed);
      if (refused.length === 0) return;
      const retryAfterSeconds = Math.max(...refused.map((d) => d!.retryAfterSeconds));
      throw new TooManyRequestsError(`Too many stores signed up for from here; try again in ${retryAfterSeconds} s.`, {
        retryAfterSeconds,
        extra: { retryAfter: retryAfterSeconds },
      });
    },
  };
}
