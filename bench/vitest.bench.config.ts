import { defineConfig } from 'vitest/config'

// `npm run bench` (scripts/bench.mjs) runs this config alone; the root config never includes bench/.
export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['suite.ts'],
    testTimeout: 30 * 60_000,
    fileParallelism: false,
  },
})
