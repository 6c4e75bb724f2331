import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * End-to-end suite against real Jaeger, Tempo and an OpenTelemetry Collector built from their Go
 * modules (`npm run test:e2e`). The root config leaves test/e2e out of `npm test`.
 */
export default defineConfig({
  test: {
    root: resolve(__dirname, '../..'),
    include: ['test/e2e/**/*.test.ts'],
    // Builds (or finds) the backends once; fails, never skips, when Go is missing.
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    // One file at a time: each starts its own backends, and the machine has two shared cores.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
