import { TooManyRequestsError } from '../shared/errors';
import type { RateLimiter, RateRule, RateScope } from '../shared/rate-limit';

/** The account routes that are throttled; the password-reset ones are added with those routes. */
export const AUTH_ACTIONS = ['sign-in', 'sign-up', 'confirm', 'new-password', 'mfa', 'password-forgot', 'password-reset'] as const;
export type AuthAction = (typeof AUTH_ACTIONS)[number];

type Limit = { limit: number; windowSeconds: number };

/**
 * - `perAddress`: every attempt at any of a store's account routes (or the platform's) from one
 *   client address: slows one machine guessing across many accounts.
 * - `accountFailures`: failed attempts on one account, all routes together (a wrong password, a
 *   wrong code): stops guessing one account from many addresses. Successes are not counted, so
 *   someone signing in normally is never throttled; once over, the right password is refused too
 *   until the window ends, or the limit would not protect anything.
 * - `accountMessages`: sign-ups and forgot-password requests for one account, whatever their
 *   outcome, since each sends an email.
 */
export type AuthLimits = { perAddress: Limit; accountFailures: Limit; accountMessages: Limit };

/** Documented in docs/architecture.md ("Throttling"). */
export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  perAddress: { limit: 60, windowSeconds: 5 * 60 },
  accountFailures: { limit: 10, windowSeconds: 15 * 60 },
  accountMessages: { limit: 5, windowSeconds: 60 * 60 },
};

/** Actions whose account counter is "every attempt" rather than "failures". */
const SENDS_MAIL: ReadonlySet<AuthAction> = new Set(['sign-up', 'password-forgot']);

export type AuthThrottle = ReturnType<typeof createAuthThrottle>;

/** Account names compare as the identity provider compares them: trimmed, lower-case. */
const accountKey = (account: string) => account.trim().toLowerCase();

export function createAuthThrottle(limiter: RateLimiter, limits: AuthLimits = DEFAULT_AUTH_LIMITS) {
  const rule = (name: string, l: Limit): RateRule => ({ name, ...l });
  const rules = {
    address: rule('auth-address', limits.perAddress),
    failures: rule('auth-fail', limits.accountFailures),
    messages: rule('auth-mail', limits.accountMessages),
  };
  const refuse = (retryAfterSeconds: number) =>
    new TooManyRequestsError(`Too many attempts; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds, extra: { retryAfter: retryAfterSeconds } });

  return {
    /** Before an attempt: counts it against the address, and refuses when the address or the account is over its limit. */
    async before(scope: RateScope, action: AuthAction, account: string | undefined, address: string | undefined): Promise<void> {
      const decisions = await Promise.all([
        address === undefined ? undefined : limiter.hit(scope, rules.address, address),
        account === undefined
          ? undefined
          : SENDS_MAIL.has(action)
            ? limiter.hit(scope, rules.messages, accountKey(account))
            : limiter.peek(scope, rules.failures, accountKey(account)),
      ]);
      const refused = decisions.filter((d) => d !== undefined && !d.allowed);
      if (refused.length > 0) throw refuse(Math.max(...refused.map((d) => d!.retryAfterSeconds)));
    },

    /** After an attempt the account's owner would not have made: a wrong password or code. */
    async failed(scope: RateScope, action: AuthAction, account: string): Promise<void> {
      if (SENDS_MAIL.has(action)) return;
      await limiter.hit(scope, rules.failures, accountKey(account));
    },
  };
}
