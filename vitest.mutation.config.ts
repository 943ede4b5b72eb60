import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * The tests `npm run mutation` runs against mutants of the isolation-critical files
 * (stryker.config.mjs): the unit tests of those files and the API suites that probe isolation,
 * not the whole suite, so a run fits on two cores. Stryker then runs, per mutant, only the tests
 * of these that cover it. Left out because every mutant of the middleware would run them in full
 * (each request passes through it), which did not fit on two cores: test/proof/isolation.property
 * (one 65 s property run) and test/integration/api/route-roles (325 requests).
 */
export const MUTATION_TESTS = [
  'test/unit/dynamodb/keys.test.ts',
  'test/unit/dynamodb/cursor.test.ts',
  'test/unit/dynamodb/product-repository.test.ts',
  'test/unit/dynamodb/session-reads.test.ts',
  'test/unit/tenants/resolver.test.ts',
  'test/unit/http/route-access.test.ts',
  'test/unit/identity/cognito-verifier.test.ts',
  'test/unit/s3/media-store.test.ts',
  'test/integration/api/tenant-isolation.test.ts',
  'test/integration/api/cursors.test.ts',
];

// Not mergeConfig: it would append these to the base `include` (every test) instead of replacing it.
export default defineConfig({ ...base, test: { ...base.test, include: MUTATION_TESTS } });
