import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costOf } from '../../../src/costs/prices';

const HOURS_A_MONTH = 730;
const doc = readFileSync(new URL('../../../docs/architecture.md', import.meta.url), 'utf8');

describe('the OpenSearch Serverless figures in docs/architecture.md ("Search")', () => {
  it('follow docs/prices.json: a price change fails here until the doc follows', () => {
    const production = Math.round(costOf('opensearch.serverless.ocu', 2 * HOURS_A_MONTH));
    const devTest = Math.round(costOf('opensearch.serverless.ocu', 1 * HOURS_A_MONTH));
    expect(doc).toContain(`**$${production} a month**`);
    expect(doc).toContain(`1 OCU, about $${devTest}`);
  });
});
