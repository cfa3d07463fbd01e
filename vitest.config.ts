import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // A file stuck in synchronous work is stopped with a message (see the file).
    setupFiles: ['tests/support/hang-watchdog.ts'],
    // Test files that build sites run astro, which keeps per-project state in `.astro/`;
    // two builds at once would overwrite each other's. Files run one after the other.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
