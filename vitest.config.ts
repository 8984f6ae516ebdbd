import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fixture projects are linted, not run: their own test files belong to them.
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    // CLI and SDK tests spawn processes and compile real projects: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
