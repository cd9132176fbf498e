import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

// One `vitest run` at the root runs every package; each project keeps its tests beside its code.

// Files a project sharing one module graph across files (isolate: false) cannot hold: they vi.mock a module, or
// assert on module-wide state from a fresh start (batch-slots: the pool of retired slot sets)
const HISTORY_ISOLATED = [
  'packages/history/test/slot-fallback.test.ts',
  'packages/history/src/migrations.test.ts',
  'packages/history/src/batch-slots.test.ts',
]
const DESIGNER_ISOLATED = ['apps/designer/src/canvas/planned-routes.test.ts']
// Allocation bounds: in a module graph shared with other files the code they measure has met other shapes first, and
// its numbers come boxed (bucket-sums-alloc read ~505 bytes a record after the window tests, ~140 alone)
const SERVER_ISOLATED = [
  'packages/server/test/bucket-sums-alloc.test.ts',
  'packages/server/test/redis-pending-alloc.test.ts',
]
export default defineConfig({
  root: import.meta.dirname,
  // the workspace packages resolve to their TypeScript source here (their `exports` point published users at dist)
  resolve: { conditions: ['@routewright/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@routewright/source', ...defaultServerConditions] } },
  test: {
    // a fixed fast-check seed for every project (FC_SEED overrides it)
    // and fails a file that a file before it left with a fake timer (projects with isolate: false share globals)
    setupFiles: ['./vitest.setup.ts', './vitest.leaked-fake-timers.ts'],
    // warns of routewright-*/rw-* folders the run left in the temporary folder (each project inherits it)
    globalSetup: ['./vitest.tmp-leftovers.ts'],
    // two files at once, whatever the core count says (vitest's default is cores - 1: one on the 2-core CI host, where
    // most files wait on servers, Kamailio or Chromium rather than compute; every test takes free ports and its own folder)
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'strategy-dsl',
          // pure code, no servers: one module graph per worker instead of one per file (import was most of the time)
          isolate: false,
          include: ['packages/strategy-dsl/{src,test}/**/*.test.ts'],
          // a hang guard, not a speed check: property tests run 150-1,000 cases and take 10 s on a loaded 2-core host
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'strategy-runtime',
          // one module graph per worker, as strategy-dsl (import was most of the time); a file must leave no fake
          // timer behind for the next (vitest.leaked-fake-timers.ts fails the next file if one does)
          isolate: false,
          include: ['packages/strategy-runtime/{src,test}/**/*.test.ts'],
          // a hang guard, not a speed check (as strategy-dsl's)
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'cli',
          include: ['packages/cli/{src,test}/**/*.test.ts'],
          // the tests spawn the built binary: build it once first when missing or stale
          globalSetup: ['packages/cli/test/global-setup.ts'],
          testTimeout: 30_000,
          // report and history tests start a PostgreSQL cluster in beforeAll (initdb): 10 s timed out at load 16
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: { name: 'node-support', include: ['packages/node-support/{src,test}/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'language-server',
          include: ['packages/language-server/{src,test}/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['packages/server/{src,test}/**/*.test.ts'],
          exclude: SERVER_ISOLATED,
          // one module graph per worker: 67 files passed so, import 9 s (spies restore what they wrap)
          isolate: false,
          testTimeout: 30_000,
          // serve-store starts a PostgreSQL cluster in a hook, as cli's tests do
          hookTimeout: 60_000,
          // the packaging test packs and installs the built packages; serve's history runs the built writer thread
          globalSetup: ['packages/cli/test/global-setup.ts', 'packages/history/test/global-setup.ts'],
        },
      },
      {
        extends: true,
        // a module graph per file for the allocation bounds above
        test: { name: 'server-isolated', include: SERVER_ISOLATED },
      },
      {
        extends: true,
        // PostgreSQL tests share one cluster (a file that stops it starts its own): more time on a busy machine
        test: {
          name: 'history',
          include: ['packages/history/{src,test}/**/*.test.ts'],
          exclude: HISTORY_ISOLATED,
          // one module graph per worker, as strategy-dsl (import was ~40 % of the project's time)
          isolate: false,
          // the recorder's writer thread is the built dist/recorder-worker.js; one PostgreSQL cluster for every file
          globalSetup: [
            'packages/history/test/global-setup.ts',
            'packages/node-support/src/testing/postgres-cluster-setup.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // a module graph per file for the files listed above
        test: {
          name: 'history-isolated',
          include: HISTORY_ISOLATED,
          globalSetup: [
            'packages/history/test/global-setup.ts',
            'packages/node-support/src/testing/postgres-cluster-setup.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // the real call path (Kamailio, sipp, the bridge, serve); the agent desktop's tests are their own project
        test: {
          name: 'telephony',
          include: ['packages/telephony/{src,test}/**/*.test.ts'],
          exclude: ['packages/telephony/src/desktop-*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'designer',
          include: ['apps/designer/{src,server}/**/*.test.{ts,tsx}'],
          exclude: DESIGNER_ISOLATED,
          // one module graph per worker (import was more than half the time: 66 s of 122 s for 70 files)
          isolate: false,
          // a hang guard, not a speed check: property tests and server tests on a loaded 2-core host
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        // a module graph per file for the files listed above
        test: { name: 'designer-isolated', include: DESIGNER_ISOLATED },
      },
      {
        extends: true,
        test: {
          name: 'designer-e2e',
          include: ['apps/designer/e2e/**/*.test.ts'],
          // one folder per run for the served copies of the build (the harness copies each build once, not per file)
          globalSetup: ['apps/designer/e2e/global-setup.ts'],
          // the files share one worker's module cache: each paid 6-9 s importing the same modules on this host
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // a real browser on a loaded machine: expect.poll waits for what the user would see up to 15 s, not 1 s
          expect: { poll: { timeout: 15_000 } },
        },
      },
      {
        extends: true,
        // the agent desktop's API (B2); the bridge's own tests are B's project
        test: {
          name: 'telephony-desktop',
          include: ['packages/telephony/src/desktop-*.test.ts'],
          testTimeout: 30_000,
          // desktop-api's and desktop-media's beforeAll start serve: vitest's 10 s timed out at load
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: { name: 'agent-desktop', include: ['apps/agent-desktop/src/**/*.test.{ts,tsx}'] },
      },
      {
        extends: true,
        // real Chromium against a real serve
        test: {
          name: 'agent-desktop-e2e',
          include: ['apps/agent-desktop/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
})
