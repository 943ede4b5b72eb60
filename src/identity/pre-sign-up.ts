import * as v from 'valibot';
import { checkSignUpTicket, TICKET_METADATA_KEY } from './sign-up-ticket';

/** The part of Cognito's PreSignUp event the trigger reads (the rest is passed back untouched). */
const PreSignUpEventSchema = v.looseObject({
  triggerSource: v.string(),
  userName: v.string(),
  request: v.looseObject({
    userAttributes: v.optional(v.record(v.string(), v.string()), {}),
    clientMetadata: v.optional(v.nullable(v.record(v.string(), v.string()))),
  }),
  response: v.optional(v.looseObject({})),
});

export type PreSignUpEvent = v.InferInput<typeof PreSignUpEventSchema>;

/** Thrown to refuse: Cognito answers the SignUp with UserLambdaValidationException carrying the message. */
export class SignUpRefused extends Error {
  override readonly name = 'SignUpRefused';
}

// SignUp through the app client, and AdminCreateUser (real Cognito runs the trigger for both and
// hands each its ClientMetadata). No federation: an ExternalProvider sign-up is refused.
const SOURCES = new Set(['PreSignUp_SignUp', 'PreSignUp_AdminCreateUser']);

/**
 * The pool's pre-sign-up trigger: an account is created only when the API asked for it. It needs
 * a ticket the API signed for exactly this username and email (`sign-up-ticket.ts`), an `email`
 * attribute that is the username's own email (`<store>:<email>`, `platform:<email>`), and a
 * `custom:tenantId`, if any, that is the username's store. Nothing is auto-confirmed here:
 * confirmation stays with the emailed code (or the API's AdminConfirmSignUp locally).
 */
export function preSignUp(input: unknown, options: { secret: string; now?: Date }): PreSignUpEvent {
  const parsed = v.safeParse(PreSignUpEventSchema, input);
  if (!parsed.success) throw new SignUpRefused('Not a pre-sign-up event.');
  const event = parsed.output;
  if (!SOURCES.has(event.triggerSource)) throw new SignUpRefused(`Sign-ups through ${event.triggerSource} are not accepted.`);

  const username = event.userName.toLowerCase();
  const separator = username.indexOf(':');
  if (separator <= 0) throw new SignUpRefused('The username is not one the platform gives.');
  const space = username.slice(0, separator);
  const email = username.slice(separator + 1);
  const attributes = event.request.userAttributes;
  if ((attributes.email ?? '').toLowerCase() !== email) throw new SignUpRefused('The email attribute must be the username’s email.');
  const tenantId = attributes['custom:tenantId'];
  if (space === 'platform' ? tenantId !== undefined : tenantId !== space) throw new SignUpRefused('The store attribute must be the username’s store.');

  const check = checkSignUpTicket(options.secret, event.request.clientMetadata?.[TICKET_METADATA_KEY], { username, email }, options.now);
  if (!check.ok) throw new SignUpRefused(`Sign-ups go through the platform’s API (ticket ${check.reason}).`);
  return event;
}
