import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../../src/payments/webhook-signature';

const SECRET = 'whsec-test';
const body = JSON.stringify({ id: 'evt_1', type: 'payment.succeeded', paymentId: 'pay_1' });

describe('payment webhook signatures', () => {
  it('accepts its own signature, fresh; answers the notice', () => {
    const at = new Date('2026-12-01T12:00:00Z');
    expect(verifyWebhook(SECRET, body, signWebhook(SECRET, body, at), at)).toEqual({ eventId: 'evt_1', paymentId: 'pay_1', outcome: 'succeeded' });
  });

  it('refuses another secret, a changed body, a stale or future timestamp, a missing or malformed header', () => {
    const at = new Date('2026-12-01T12:00:00Z');
    const signature = signWebhook(SECRET, body, at);
    expect(verifyWebhook('other', body, signature, at)).toBeUndefined();
    expect(verifyWebhook(SECRET, body.replace('pay_1', 'pay_2'), signature, at)).toBeUndefined();
    expect(verifyWebhook(SECRET, body, signature, new Date(at.getTime() + 301_000))).toBeUndefined();
    expect(verifyWebhook(SECRET, body, signature, new Date(at.getTime() - 301_000))).toBeUndefined();
    expect(verifyWebhook(SECRET, body, undefined, at)).toBeUndefined();
    expect(verifyWebhook(SECRET, body, 't=1,v1=zz', at)).toBeUndefined();
  });

  it('refuses a well-signed body that is not a notice', () => {
    const at = new Date();
    const junk = '{"id":"x"}';
    expect(verifyWebhook(SECRET, junk, signWebhook(SECRET, junk, at), at)).toBeUndefined();
  });
});
