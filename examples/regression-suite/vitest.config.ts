import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each property replays a connector over many generated cases on the virtual clock.
    testTimeout: 300_000,
  },
});
