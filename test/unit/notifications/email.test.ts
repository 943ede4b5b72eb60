import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLocalMailbox } from '../../../src/adapters/local/mailbox';
import { sesEmailSender } from '../../../src/adapters/ses/email-sender';
import { escapeHtml } from '../../../src/notifications/email';
import { stockNotice } from '../../../src/notifications/templates';

const ses = mockClient(SESv2Client);
const sender = sesEmailSender({ client: new SESv2Client({ region: 'eu-west-1' }), from: 'no-reply@shop.example' });
const hostile = `<script>alert(1)</script><a href="https://evil.example">'x'</a> & co`;

describe('stock notice template', () => {
  it('escapes what a store controls in the HTML, keeps the text as typed', () => {
    const email = stockNotice({
      kind: 'LowStock',
      storeName: `Shop "<b>"`,
      productId: 'p1',
      productName: hostile,
      sku: 'S<1>',
      current: 2,
      threshold: 3,
      occurredAt: '2026-11-25T10:00:00.000Z',
      consoleUrl: 'https://shop.example/admin?a=1&b="2"',
    });
    expect(email.html).not.toMatch(/<script|<a href="https:\/\/evil|<b>/);
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href=&quot;https://evil.example&quot;&gt;&#39;x&#39;&lt;/a&gt; &amp; co');
    expect(email.html).toContain('Shop &quot;&lt;b&gt;&quot;');
    expect(email.html).toContain('href="https://shop.example/admin?a=1&amp;b=&quot;2&quot;"');
    expect(email.text).toContain(`${hostile} (SKU S<1>) is running low: 2 left. Its low-stock threshold is 3.`);
    expect(email).toMatchObject({ subject: `Low stock: ${hostile}`, tag: 'low-stock' });
  });

  it('says out of stock without a threshold line, and has no link when the console address is unknown', () => {
    const email = stockNotice({ kind: 'OutOfStock', storeName: 'S', productId: 'p1', productName: 'Clog', current: 0, threshold: 3, occurredAt: 't' });
    expect(email).toMatchObject({ subject: 'Out of stock: Clog', tag: 'out-of-stock' });
    expect(email.text).toContain('Clog is out of stock.');
    expect(email.text).not.toContain('threshold');
    expect(email.html).not.toContain('<a ');
  });

  it('names the variant that ran low: its SKU and option values', () => {
    const email = stockNotice({
      kind: 'LowStock',
      storeName: 'S',
      productId: 'p1',
      productName: 'Trail Runner',
      sku: 'RUN-42-BLU',
      variant: 'Size: 42, Colour: Blue',
      current: 1,
      threshold: 2,
      occurredAt: 't',
    });
    expect(email.text).toContain('Trail Runner (SKU RUN-42-BLU; Size: 42, Colour: Blue) is running low: 1 left.');
    expect(email.html).toContain('(SKU RUN-42-BLU; Size: 42, Colour: Blue)');
  });

  it('escapes each of & < > " \' once', () => {
    expect(escapeHtml(`&<>"'&amp;`)).toBe('&amp;&lt;&gt;&quot;&#39;&amp;amp;');
  });
});

describe('SES email sender', () => {
  beforeEach(() => ses.reset());

  it('sends simple content from the configured identity, tagged with kind and store', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    // Act
    const result = await sender.send({
      to: 'admin@shop.example',
      subject: 'Low stock: Clog',
      text: 'text',
      html: '<p>html</p>',
      tenantId: 'shop',
      tag: 'low-stock',
    });
    // Assess
    expect(result).toEqual({ messageId: 'ses-1' });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toEqual({
      FromEmailAddress: 'no-reply@shop.example',
      Destination: { ToAddresses: ['admin@shop.example'] },
      Content: {
        Simple: {
          Subject: { Data: 'Low stock: Clog', Charset: 'UTF-8' },
          Body: { Text: { Data: 'text', Charset: 'UTF-8' }, Html: { Data: '<p>html</p>', Charset: 'UTF-8' } },
        },
      },
      EmailTags: [
        { Name: 'kind', Value: 'low-stock' },
        { Name: 'store', Value: 'shop' },
      ],
    });
  });

  it('sends text only when there is no HTML, and throws what SES throws', async () => {
    ses
      .on(SendEmailCommand)
      .resolvesOnce({ MessageId: 'ses-2' })
      .rejectsOnce(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    await sender.send({ to: 'a@shop.example', subject: 's', text: 't', tag: 'low-stock' });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content?.Simple?.Body).toEqual({ Text: { Data: 't', Charset: 'UTF-8' } });
    await expect(sender.send({ to: 'a@shop.example', subject: 's', text: 't', tag: 'low-stock' })).rejects.toMatchObject({ name: 'MessageRejected' });
  });

  it('refuses a message that is not one (bad address, bad tag) before calling SES', async () => {
    await expect(sender.send({ to: 'not an address', subject: 's', text: 't', tag: 'low-stock' })).rejects.toThrow();
    await expect(sender.send({ to: 'a@shop.example', subject: 's', text: 't', tag: 'Low Stock!' })).rejects.toThrow();
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('local mailbox', () => {
  it('keeps the newest messages up to its capacity, newest first', async () => {
    const mailbox = createLocalMailbox({ capacity: 2 });
    for (const n of [1, 2, 3]) await mailbox.sender.send({ to: `a${n}@x.example`, subject: `s${n}`, text: 't', tag: 'low-stock' });
    expect(mailbox.list().map((m) => m.subject)).toEqual(['s3', 's2']);
    expect(mailbox.get(mailbox.list()[1]!.id)?.to).toBe('a2@x.example');
  });
});
