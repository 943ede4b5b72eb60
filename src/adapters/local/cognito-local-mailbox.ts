import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IdentityProvider } from '../../identity/provider';

/**
 * Where cognito-local's "emails" end up. It sends nothing: it logs each code in a box on its own
 * output and keeps the latest one on the user (`ConfirmationCode`) in its data file,
 * `<dataDir>/.cognito/db/<userPoolId>.json`, written before its answer returns. This reads it there.
 */
export function cognitoLocalMailbox(options: { dataDir: string; userPoolId: string }) {
  const file = path.join(options.dataDir, '.cognito', 'db', `${options.userPoolId}.json`);
  return {
    async lastCode(username: string): Promise<string | undefined> {
      const data = JSON.parse(await readFile(file, 'utf8')) as { Users?: Record<string, { ConfirmationCode?: string }> };
      return data.Users?.[username]?.ConfirmationCode;
    },
  };
}

export type LocalMailbox = ReturnType<typeof cognitoLocalMailbox>;

/**
 * Local development only: the provider, plus a hand-off of each password-reset code the pool
 * would have emailed (`npm start` prints it; tests read it). On AWS, Cognito emails the code.
 */
export function deliveringResetCodes(
  provider: IdentityProvider,
  mailbox: LocalMailbox,
  deliver: (message: { username: string; code: string }) => void,
): IdentityProvider {
  return {
    ...provider,
    async forgotPassword(username) {
      await provider.forgotPassword(username);
      const code = await mailbox.lastCode(username).catch(() => undefined);
      if (code) deliver({ username, code });
    },
  };
}
