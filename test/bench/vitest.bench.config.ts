// `npm run bench` runs vitest bench with this config alone, outside the test projects.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    environment: 'node',
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
  },
});
