import type { Logger } from 'pino';
import type { LocalMailbox } from '../adapters/local/cognito-local-mailbox';
import type { EmailSender } from '../notifications/email';

/**
 * Local development only: cognito-local keeps a sign-up's code instead of emailing it. This reads
 * it there, prints it (as the password-reset codes are) and drops the email the owner would have
 * had into the dev mailbox (`/dev/mailbox`). On AWS, Cognito emails the code itself.
 */
export function signUpCodeDelivery(codes: LocalMailbox, sender: EmailSender, logger: Logger) {
  return async ({ username, email, slug }: { username: string; email: string; slug: string }) => {
    const code = await codes.lastCode(username).catch(() => undefined);
    if (!code) return;
    logger.info({ username, code }, `store sign-up code for ${username}: ${code} (cognito-local would have emailed it)`);
    await sender
      .send({
        to: email,
        subject: `Your code to open ${slug}`,
        text: `Your verification code is ${code}. Type it on the sign-up page to open your store ${slug}.`,
        tag: 'store-sign-up',
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'sign-up code not put in the dev mailbox'));
  };
}
