import { defineConfig } from 'vitest/config';

// Node 20 is pinned on purpose (see package.json); the SDK's reminder would repeat in every worker.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // One DynamoDB Local for the whole run; each test file creates its own table in it.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only fight over DynamoDB Local and the JVM.
    maxWorkers: 2,
  },
});
