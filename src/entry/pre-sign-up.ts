/**
 * The user pool's pre-sign-up trigger on AWS Lambda (`lambda_config.pre_sign_up`). Cognito calls
 * it for SignUp and AdminCreateUser; a thrown error refuses the sign-up. The secret is the one the
 * API signs tickets with (SIGNUP_TICKET_SECRET, see docs/deploy.md). Locally the same
 * `preSignUp` runs behind a Lambda Invoke endpoint (src/adapters/local/lambda-invoke.ts).
 */
import { preSignUp } from '../identity/pre-sign-up';

const secret = process.env.SIGNUP_TICKET_SECRET;
if (!secret) throw new Error('SIGNUP_TICKET_SECRET must be set for the pre-sign-up trigger.');

export const handler = async (event: unknown) => preSignUp(event, { secret });
