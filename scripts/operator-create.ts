/**
 * The first operator (or any other) of an environment on AWS, made with the deployer's own
 * credentials: an account `platform:<email>` in the `operator` group with a temporary password,
 * printed once, to be changed at first sign-in (`POST /platform/auth/login` answers
 * NEW_PASSWORD_REQUIRED). The operator then enrols TOTP (`/platform/auth/mfa/...`) before anything
 * else is allowed.
 *
 *   npm run operator:create -- --env prod --email ops@example.com [--name "Ops Person"]
 *
 * The pool: `--user-pool-id` or USER_POOL_ID, else `terraform output -raw user_pool_id` in
 * cdktf.out/stacks/<env>. The region: `--region`, AWS_REGION, else the environment's
 * (stacks/config.ts). The pre-sign-up trigger wants a ticket signed with the environment's secret:
 * `--ticket-secret` or SIGNUP_TICKET_SECRET (docs/deploy.md shows how to read it from SSM).
 * `--endpoint` or COGNITO_ENDPOINT points it at cognito-local instead.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { createCognitoClient } from '../src/adapters/cognito/client';
import { cognitoIdentityProvider } from '../src/adapters/cognito/identity-provider';
import { EmailSchema } from '../src/identity/account';
import { usernameFor } from '../src/identity/provider';
import { environmentNamed, regionFor, runScript, terraformOutput } from './deployed-stack';

export type OperatorOptions = {
  region: string;
  userPoolId: string;
  email: string;
  name: string;
  ticketSecret?: string | undefined;
  endpoint?: string | undefined;
};

/** Creates the operator; the pool user is removed again if it cannot be put in the group. */
export async function createOperator(options: OperatorOptions) {
  const email = v.parse(EmailSchema, options.email);
  const client = createCognitoClient({ region: options.region, endpoint: options.endpoint });
  // No app client is needed for the admin calls made here.
  const provider = cognitoIdentityProvider({ client, userPoolId: options.userPoolId, clientId: 'unused', signUpTicketSecret: options.ticketSecret });
  const username = usernameFor('platform', email);
  const created = await provider.createUser({ username, email, name: options.name });
  try {
    await provider.setRole(username, 'operator');
  } catch (error) {
    await provider.deleteUser(username).catch(() => undefined);
    throw error;
  }
  return { username, userId: created.userId, temporaryPassword: created.temporaryPassword! };
}

const USAGE =
  'usage: npm run operator:create -- --env <dev|staging|prod> --email <address> [--name <name>] [--user-pool-id <id>] [--region <region>] [--ticket-secret <secret>] [--endpoint <url>]';

export function optionsFromArgs(
  args: string[],
  env: Record<string, string | undefined>,
  poolFromOutputs: (stage: string) => string | undefined,
): OperatorOptions {
  const { values } = parseArgs({
    args,
    options: {
      env: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      'user-pool-id': { type: 'string' },
      region: { type: 'string' },
      'ticket-secret': { type: 'string' },
      endpoint: { type: 'string' },
    },
    strict: true,
  });
  const stage = environmentNamed(env, values.env);
  if (!stage || !values.email) throw new Error(USAGE);
  const userPoolId = values['user-pool-id'] ?? env.USER_POOL_ID ?? poolFromOutputs(stage.name);
  if (!userPoolId) throw new Error(`No user pool id: pass --user-pool-id, set USER_POOL_ID, or apply the ${stage.name} stack first (its output user_pool_id).`);
  const ticketSecret = values['ticket-secret'] ?? env.SIGNUP_TICKET_SECRET;
  const endpoint = values.endpoint ?? env.COGNITO_ENDPOINT;
  // On AWS the trigger refuses AdminCreateUser without a ticket; cognito-local runs no trigger for it.
  if (!ticketSecret && !endpoint)
    throw new Error(`No ticket secret: set SIGNUP_TICKET_SECRET to /catalog-${stage.name}/signup-ticket-secret (docs/deploy.md).`);
  return {
    region: regionFor(stage, values.region, env),
    userPoolId,
    email: values.email,
    name: values.name ?? values.email,
    ticketSecret,
    endpoint,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runScript(async () => {
    const options = optionsFromArgs(process.argv.slice(2), process.env, (stage) => terraformOutput(stage, 'user_pool_id'));
    const result = await createOperator(options);
    process.stdout.write(
      [
        `Operator ${options.email} created in pool ${options.userPoolId} (group operator).`,
        `Temporary password (shown once; changed at first sign-in): ${result.temporaryPassword}`,
        'Next: POST /platform/auth/login, then /platform/auth/new-password, then enrol TOTP at /platform/auth/mfa/setup and /verify.',
        '',
      ].join('\n'),
    );
  });
}
