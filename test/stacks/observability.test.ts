import { describe, expect, it } from 'vitest';
import { allows, envNamed, named, rolePolicy, synth } from './synth';

describe('observability in the stack', () => {
  it('traces the API function (active tracing, X-Ray writes in its role) and leaves its EMF metrics on, per store', () => {
    const s = synth(envNamed('prod'));
    const api = named(s, 'aws_lambda_function', 'api-function');
    expect(api.tracing_config).toEqual({ mode: 'Active' });
    expect(allows(rolePolicy(s, 'api-role-policy'), 'xray:PutTraceSegments')).toBe(true);
    expect(allows(rolePolicy(s, 'api-role-policy'), 'xray:PutTelemetryRecords')).toBe(true);
    expect(api.environment.variables.METRICS).toBeUndefined();
    expect(api.environment.variables.POWERTOOLS_TRACE_ENABLED).toBeUndefined();
    expect(api.environment.variables.METRICS_PER_STORE).toBe('true');
  });

  it('keeps the store as a property only when the environment says so (the cost at thousands of stores)', () => {
    const s = synth(envNamed('prod', { CATALOG_PROD_METRICS_PER_STORE: 'false' }));
    expect(named(s, 'aws_lambda_function', 'api-function').environment.variables.METRICS_PER_STORE).toBe('false');
    expect(
      named(synth(envNamed('dev', { CATALOG_PROD_METRICS_PER_STORE: 'false' })), 'aws_lambda_function', 'api-function').environment.variables.METRICS_PER_STORE,
    ).toBe('true');
  });
});
