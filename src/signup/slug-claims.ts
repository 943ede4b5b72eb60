/**
 * The platform's record of every slug ever asked for (`PLATFORM#SLUG#<slug>`). A sign-up holds
 * its slug for a while so nobody takes it between the form and the emailed code; a store, once
 * opened, marks it used, and nothing removes a used claim (not even a store's deletion): a slug
 * once used is never issued again, so old links and emails never reach someone else's store.
 */
import type { TenantTier } from '../tenants/tenant';

/** What a sign-up asked for, kept on its hold until the emailed code confirms it. */
export type SignUpRequest = { email: string; storeName: string; tier: TenantTier };

export type SlugClaim =
  | ({ slug: string; state: 'held'; heldUntil: string } & SignUpRequest)
  | { slug: string; state: 'used'; usedAt: string; email?: string | undefined };

/** A sealed one-time sign-in the console redeems on the new store's host (src/signup/handoff.ts). */
export type SealedHandoff = { id: string; sealed: string; expiresAt: string };

export interface SlugClaims {
  get(slug: string): Promise<SlugClaim | undefined>;
  /**
   * Holds `slug` for `email` until `until`: refused (false) while another email holds it or once it
   * is used. The same email asking again renews its hold.
   */
  hold(slug: string, request: SignUpRequest, until: string, now: string): Promise<boolean>;
  /** Marks the slug used (for good); `email` must be its holder when given. False when it is not theirs to use. */
  markUsed(slug: string, at: string, email?: string): Promise<boolean>;
  /** Gives a hold back (a failed store creation); a used slug stays used. */
  release(slug: string, email: string): Promise<void>;
  /** Keeps the sign-in the owner's browser picks up on the store's host, once. */
  putHandoff(slug: string, handoff: SealedHandoff): Promise<void>;
  /** Takes the hand-off with this id off the claim (so it works once) if it has not expired. */
  takeHandoff(slug: string, id: string, now: string): Promise<string | undefined>;
}
