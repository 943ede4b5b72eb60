import { describe, expect, it } from 'vitest';
import { requestMetricsFromConfig } from '../../../src/adapters/cloudwatch/emf-metrics';
import { loadConfig } from '../../../src/config';
import { inRequest } from '../../../src/shared/request-scope';

const sample = { tenantId: 'acme', method: 'POST', route: '/admin/products', status: 503, ms: 12.5 };

function run(env: Record<string, string>, onByDefault: boolean) {
  const lines: string[] = [];
  const metrics = requestMetricsFromConfig(loadConfig(env), { service: 'catalog-api', onByDefault, write: (line) => lines.push(line) });
  metrics?.record(sample);
  return { metrics, lines };
}

describe('request metrics from configuration', () => {
  it('are off for npm start unless METRICS=on, on for Lambda unless METRICS=off', () => {
    expect(run({}, false).metrics).toBeUndefined();
    expect(run({ METRICS: 'on' }, false).lines).toHaveLength(1);
    expect(run({}, true).lines).toHaveLength(1);
    expect(run({ METRICS: 'off' }, true).metrics).toBeUndefined();
  });

  it('write one newline-ended EMF document; a 5xx counts as an error; the store is a dimension unless METRICS_PER_STORE=false', () => {
    const [line] = run({ STAGE: 'prod', METRICS_NAMESPACE: 'Shop' }, true).lines;
    expect(line!.endsWith('\n')).toBe(true);
    const doc = JSON.parse(line!);
    expect(doc).toMatchObject({
      service: 'catalog-api-prod',
      store: 'acme',
      route: 'POST /admin/products',
      statusClass: '5xx',
      Requests: 1,
      Errors: 1,
      Latency: 12.5,
    });
    expect(doc._aws.CloudWatchMetrics[0].Namespace).toBe('Shop');
    expect(doc._aws.CloudWatchMetrics[0].Dimensions).toContainEqual(['service', 'store']);
    const flat = JSON.parse(run({ METRICS_PER_STORE: 'false' }, true).lines[0]!);
    expect(flat.store).toBe('acme');
    expect(flat._aws.CloudWatchMetrics[0].Dimensions.flat()).not.toContain('store');
  });

  it('carry the request’s ids when recorded inside it', () => {
    const lines: string[] = [];
    const metrics = requestMetricsFromConfig(loadConfig({}), { service: 'catalog-api', onByDefault: true, write: (line) => lines.push(line) });
    inRequest({ requestId: 'ours', awsRequestId: 'lambda', apiGatewayRequestId: 'gateway' }, () => metrics!.record(sample));
    expect(JSON.parse(lines[0]!)).toMatchObject({ requestId: 'ours', awsRequestId: 'lambda', apiGatewayRequestId: 'gateway' });
  });

  it('refuse a misspelt switch at start-up', () => {
    expect(() => loadConfig({ METRICS: 'yes' })).toThrow(/METRICS/);
    expect(() => loadConfig({ METRICS_PER_STORE: 'no' })).toThrow(/METRICS_PER_STORE/);
  });
});
