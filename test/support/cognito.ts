import { inject } from 'vitest';
import { ensureUserPool } from '../../src/adapters/cognito/bootstrap';
import { createCognitoClient } from '../../src/adapters/cognito/client';
import { cognitoIdentityProvider } from '../../src/adapters/cognito/identity-provider';
import { createCognitoTokenVerifier } from '../../src/adapters/jwt/cognito-verifier';
import { cognitoLocalMailbox } from '../../src/adapters/local/cognito-local-mailbox';

/** A fresh user pool in the run's cognito-local, with the provider and a real verifier for it. */
export async function createTestPool() {
  const endpoint = inject('cognitoEndpoint');
  const client = createCognitoClient({ region: 'us-east-1', endpoint });
  const pool = await ensureUserPool(client, { poolName: `pool-${crypto.randomUUID().slice(0, 8)}`, clientName: 'web', issuerBase: endpoint });
  return {
    endpoint,
    client,
    pool,
    signUpTicketSecret: inject('signUpTicketSecret'),
    provider: cognitoIdentityProvider({ client, userPoolId: pool.userPoolId, clientId: pool.clientId, signUpTicketSecret: inject('signUpTicketSecret') }),
    verifier: createCognitoTokenVerifier({ issuer: pool.issuer, clientId: pool.clientId, jwksUri: pool.jwksUri }),
    /** The codes cognito-local would have emailed (undefined when the run uses an outside cognito-local). */
    mailbox: inject('cognitoDataDir') ? cognitoLocalMailbox({ dataDir: inject('cognitoDataDir'), userPoolId: pool.userPoolId }) : undefined,
  };
}
