import { describe, expect, it, vi } from 'vitest';
import { createReadiness } from '../../../src/health/readiness';

describe('readiness', () => {
  it('is ready when every probe answers, and keeps the answer for cacheMs', async () => {
    // Prepare
    let at = 0;
    const table = vi.fn(async () => undefined);
    const readiness = createReadiness({ probes: { table }, cacheMs: 5_000, now: () => at });
    // Act
    const first = await Promise.all([readiness.check(), readiness.check()]);
    at = 4_999;
    await readiness.check();
    at = 5_000;
    await readiness.check();
    // Assess
    expect(first[0]).toEqual({ ready: true, checks: { table: 'ok' }, failures: {} });
    expect(table).toHaveBeenCalledTimes(2);
  });

  it('names the failing probe, and one that does not answer in time', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const readiness = createReadiness({
      probes: { table: async () => Promise.reject(refused), pool: () => new Promise<void>(() => {}), bucket: async () => undefined },
      timeoutMs: 50,
    });
    const report = await readiness.check();
    expect(report).toMatchObject({ ready: false, checks: { table: 'failing', pool: 'failing', bucket: 'ok' } });
    expect(Object.keys(report.failures).sort()).toEqual(['pool', 'table']);
    expect(report.failures.table).toBe(refused);
  });
});
