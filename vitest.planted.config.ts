import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/** `npm run proof:planted`: the planted-bug check (test/proof/planted/), which runs vitest again inside. */
export default defineConfig({ ...base, test: { ...base.test, include: ['test/proof/planted/*.check.ts'], maxWorkers: 1 } });
