import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * The tests `npm run mutation` runs against mutants of the isolation-critical files
 * (stryker.config.mjs): the unit tests of those files, so a run fits on two cores; Stryker runs,
 * per mutant, only those of them that reached it. The API suites are left out: each of their
 * files builds a platform (table, pool, bucket, bundled pages) before its first test, and every
 * mutant of the middleware, keys or cursors reaches all of them, which made a run take over an
 * hour on a shared two-core machine (docs/mutation.md).
 */
export const MUTATION_TESTS = [
  'test/unit/dynamodb/keys.test.ts',
  'test/unit/dynamodb/cursor.test.ts',
  'test/unit/dynamodb/cursor-bounds.test.ts',
  'test/unit/dynamodb/product-repository.test.ts',
  'test/unit/dynamodb/session-reads.test.ts',
  'test/unit/tenants/resolver.test.ts',
  'test/unit/tenants/resolver-cache.test.ts',
  'test/unit/http/route-access.test.ts',
  'test/unit/http/guards.test.ts',
  'test/unit/identity/cognito-verifier.test.ts',
  'test/unit/s3/media-store.test.ts',
];

// Not mergeConfig: it would append these to the base `include` (every test) instead of replacing it.
export default defineConfig({ ...base, test: { ...base.test, include: MUTATION_TESTS } });
