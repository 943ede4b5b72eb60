/** One dependency's check: resolves when it answers, throws when it does not. */
export type Probe = () => Promise<void>;

export type ReadinessReport = { ready: boolean; checks: Record<string, 'ok' | 'failing'>; failures: Record<string, unknown> };

export type Readiness = { check(): Promise<ReadinessReport> };

/**
 * The readiness answer: every probe at once, each bounded by `timeoutMs`, the result kept for
 * `cacheMs` and shared by concurrent callers, so a load balancer or a monitor polling it costs the
 * dependencies one round of probes per few seconds, whatever the polling rate.
 */
export function createReadiness(options: { probes: Record<string, Probe>; cacheMs?: number; timeoutMs?: number; now?: () => number }): Readiness {
  const cacheMs = options.cacheMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? 2_500;
  const now = options.now ?? Date.now;
  let cached: { report: Promise<ReadinessReport>; expires: number } | undefined;

  const bounded = (probe: Probe) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      probe()
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });

  async function run(): Promise<ReadinessReport> {
    const names = Object.keys(options.probes);
    const results = await Promise.allSettled(names.map((name) => bounded(options.probes[name]!)));
    const checks: ReadinessReport['checks'] = {};
    const failures: ReadinessReport['failures'] = {};
    results.forEach((result, i) => {
      const name = names[i]!;
      checks[name] = result.status === 'fulfilled' ? 'ok' : 'failing';
      if (result.status === 'rejected') failures[name] = result.reason;
    });
    return { ready: Object.keys(failures).length === 0, checks, failures };
  }

  return {
    check() {
      if (cached && cached.expires > now()) return cached.report;
      const report = run();
      cached = { report, expires: now() + cacheMs };
      return report;
    },
  };
}
