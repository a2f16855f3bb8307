import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
          // Some unit tests start real child processes (electron-builder, a port server); on a busy
          // 2-core machine vitest's 5 s default fails them for being slow, not wrong.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
      {
        // Side-by-side speed comparisons with peer tools; `npm run bench`, never part of `npm test`.
        test: {
          name: 'bench',
          include: [],
          benchmark: { include: ['test/bench/**/*.bench.ts'] },
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
