import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One copy of graphql: type-graphql, Apollo and our schema must share its classes.
    alias: { graphql: require.resolve('graphql').replace(/index\.js$/, 'index.mjs') },
  },
  test: {
    include: ['server/src/**/*.test.ts', 'schema/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
