import { describe, expect, it } from 'vitest';
import { handoffId, HandoffCodeSchema, openHandoff, sealHandoff } from '../../../src/signup/handoff';
import * as v from 'valibot';

const tokens = { idToken: 'id.token.x', accessToken: 'access.token.x', refreshToken: 'refresh.x', expiresIn: 3600 };

describe('the sign-up’s session hand-off', () => {
  it('opens with its code only, and the record holds neither the code nor the tokens in clear', () => {
    const { code, record } = sealHandoff(tokens, new Date('2026-01-01T12:00:00Z'));
    expect(v.is(HandoffCodeSchema, code)).toBe(true);
    expect(record.expiresAt).toBe('2026-01-01T12:02:00.000Z');
    expect(record.id).toBe(handoffId(code));
    expect(record.id).not.toContain(code);
    expect(`${record.id}${record.sealed}`).not.toMatch(/token|refresh/);
    expect(openHandoff(code, record.sealed)).toEqual(tokens);
    const other = sealHandoff(tokens, new Date()).code;
    expect(openHandoff(other, record.sealed)).toBeUndefined();
  });

  it('refuses a record that was tampered with', () => {
    const { code, record } = sealHandoff(tokens, new Date());
    const [iv, body, tag] = record.sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(openHandoff(code, [iv, flipped.toString('base64url'), tag].join('.'))).toBeUndefined();
    expect(openHandoff(code, 'garbage')).toBeUndefined();
  });
});
