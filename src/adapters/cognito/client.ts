import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

export function createCognitoClient(options: { region: string; endpoint?: string | undefined }) {
  return new CognitoIdentityProviderClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
}
