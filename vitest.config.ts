import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Schedules judged as on the eve of the example queue's first post (see the file).
    setupFiles: ['test/setup-clock.ts'],
    // Integration tests mostly wait on subprocesses and loopback servers: run more files than
    // there are cores.
    maxWorkers: 3,
    projects: [
      {
        // Rule tables share no state: one process for all of them saves a fork per file.
        extends: true,
        test: { name: 'rules', include: ['test/rules/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: ['test/rules/**'] },
      },
    ],
  },
});
