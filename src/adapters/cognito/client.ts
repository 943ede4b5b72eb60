import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { clientSettings, namedDependency, type TimeBudget } from '../aws/client-settings';

export function createCognitoClient(options: { region: string; endpoint?: string | undefined; budget?: Partial<TimeBudget> }) {
  const client = new CognitoIdentityProviderClient({
    region: options.region,
    ...clientSettings('cognito', options.budget),
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return namedDependency(client, 'cognito');
}
