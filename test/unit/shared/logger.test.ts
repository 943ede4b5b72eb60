import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/shared/logger';
import { inRequest } from '../../../src/shared/request-scope';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('the logger and the request scope', () => {
  it('logs with fields outside any request (start-up, the stream poller) without throwing', () => {
    const { lines, logger } = capture();
    logger.error({ err: new Error('subscriber failed'), eventId: 'e1' }, 'dead letter');
    logger.warn({ eventId: 'e2' }, 'again');
    expect(lines.map((l) => [l.msg, l.eventId, 'requestId' in l])).toEqual([
      ['dead letter', 'e1', false],
      ['again', 'e2', false],
    ]);
  });

  it("gives every line of a request its ids, and never one line's fields to the next", () => {
    const { lines, logger } = capture();
    inRequest({ requestId: 'r1', awsRequestId: 'a1' }, () => {
      logger.warn({ tenantId: 'alpha', err: new Error('first') }, 'first');
      logger.info('second');
    });
    expect(lines[0]).toMatchObject({ msg: 'first', requestId: 'r1', awsRequestId: 'a1', tenantId: 'alpha' });
    expect(lines[1]).toMatchObject({ msg: 'second', requestId: 'r1', awsRequestId: 'a1' });
    expect(lines[1]).not.toHaveProperty('tenantId');
    expect(lines[1]).not.toHaveProperty('err');
  });
});
