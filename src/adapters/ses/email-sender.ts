import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import * as v from 'valibot';
import { EmailMessageSchema, fromHeader, type EmailSender } from '../../notifications/email';
import { clientSettings, namedDependency } from '../aws/client-settings';

/** SES with the same time budget as the other data-plane clients. */
export const createSesClient = (options: { region: string; endpoint?: string | undefined }) =>
  namedDependency(new SESv2Client({ region: options.region, ...clientSettings('ses'), ...(options.endpoint ? { endpoint: options.endpoint } : {}) }), 'ses');

/**
 * The email port on SES (v2 SendEmail, simple content). `from` is the environment's verified
 * identity; its role may send from that address only (`ses:FromAddress`). The message's `tag`
 * and store become SES message tags, so bounces and complaints can be counted per kind and store.
 */
export function sesEmailSender(options: { client: SESv2Client; from: string; configurationSet?: string | undefined }): EmailSender {
  return {
    async send(input) {
      const message = v.parse(EmailMessageSchema, input);
      const tags = [{ Name: 'kind', Value: message.tag }, ...(message.tenantId ? [{ Name: 'store', Value: message.tenantId }] : [])];
      const result = await options.client.send(
        new SendEmailCommand({
          FromEmailAddress: fromHeader(options.from, message.fromName),
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' }, ...(message.html ? { Html: { Data: message.html, Charset: 'UTF-8' } } : {}) },
            },
          },
          EmailTags: tags,
          ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
        }),
      );
      if (!result.MessageId) throw new Error('SES accepted the message but returned no message id');
      return { messageId: result.MessageId };
    },
  };
}
