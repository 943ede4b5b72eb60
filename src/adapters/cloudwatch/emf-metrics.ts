import { currentRequestIds } from '../../shared/request-scope';
import type { RequestMetrics, RequestSample } from '../../shared/request-metrics';

export type EmfOptions = {
  namespace: string;
  /** The `service` dimension (one per function). */
  service: string;
  /**
   * Whether the store is a dimension (one metric series per store and metric) or only a property
   * of the line (queryable in Logs Insights, free). docs/architecture.md, "Metrics", has the cost.
   */
  perStore: boolean;
  /** One JSON document per call, newline included; stdout on Lambda, where CloudWatch reads EMF. */
  write: (line: string) => void;
};

const METRICS = [
  { Name: 'Requests', Unit: 'Count' },
  { Name: 'Errors', Unit: 'Count' },
  { Name: 'Latency', Unit: 'Milliseconds' },
];

/**
 * Per-request metrics as CloudWatch embedded metric format: one log line per request, which
 * CloudWatch Logs turns into metrics, no API call on the request's path and no extra permission.
 * Written by hand rather than with Powertools Metrics: three fixed metrics and one line per
 * request need no buffering, flushing or dimension bookkeeping, and add nothing to the bundle.
 * Errors counts answers of 500 and above (our failures and dependencies down); 4xx are the
 * callers', visible per status class as a property.
 */
export function emfRequestMetrics(options: EmfOptions): RequestMetrics {
  const withStore = [['service', 'route'], ['service'], ['service', 'store']];
  const withoutStore = [['service', 'route'], ['service']];
  return {
    record(s: RequestSample) {
      const store = s.tenantId;
      const dimensions = options.perStore && store !== undefined ? withStore : withoutStore;
      const line = {
        _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: options.namespace, Dimensions: dimensions, Metrics: METRICS }] },
        service: options.service,
        route: `${s.method} ${s.route}`,
        ...(store !== undefined ? { store } : {}),
        status: s.status,
        statusClass: `${Math.floor(s.status / 100)}xx`,
        // Like every log line of the request: its ids, to go from a metric spike to the requests.
        ...currentRequestIds(),
        Requests: 1,
        Errors: s.status >= 500 ? 1 : 0,
        Latency: s.ms,
      };
      options.write(`${JSON.stringify(line)}\n`);
    },
  };
}

/**
 * The metrics an entry point runs with: EMF on stdout when `METRICS` says so or, unset, when the
 * entry point's default is on (Lambda); otherwise none.
 */
export function requestMetricsFromConfig(
  config: { METRICS?: boolean | undefined; METRICS_PER_STORE: boolean; METRICS_NAMESPACE: string; STAGE: string },
  entry: { service: string; onByDefault: boolean; write?: (line: string) => void },
): RequestMetrics | undefined {
  if (!(config.METRICS ?? entry.onByDefault)) return undefined;
  return emfRequestMetrics({
    namespace: config.METRICS_NAMESPACE,
    service: `${entry.service}-${config.STAGE}`,
    perStore: config.METRICS_PER_STORE,
    write: entry.write ?? ((line) => void process.stdout.write(line)),
  });
}
