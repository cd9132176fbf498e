// The order test files start in: the files known to take longest first, then vitest's own order. With two workers a
// long file started last stretches the run by its length; vitest's order (project by project, by name, then by the
// durations its results cache holds) starts the telephony files last, and a clean clone has no such cache.
import path from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The slowest files, longest first (summed time per file on a clean clone, quiet machine: 60 s down to 27 s; see
 * "Test time" in packages/server/docs/performance-log.md). A file renamed or gone here only loses its head start.
 */
const SLOW_FIRST = [
  'packages/telephony/test/transfer-outage.test.ts',
  'packages/server/test/redis-cluster.test.ts',
  'packages/telephony/test/evapi-lost-events.test.ts',
  'packages/telephony/test/transfer-takeover.test.ts',
  'apps/designer/e2e/controls-clear.test.ts',
  'packages/telephony/test/bridge-takeover.test.ts',
  'apps/designer/e2e/monitor.test.ts',
  'packages/server/test/redis-takeover.test.ts',
  'packages/telephony/test/evapi-bridges.test.ts',
  'apps/designer/e2e/readable.test.ts',
  'apps/designer/e2e/workspace.test.ts',
  'apps/designer/e2e/cel-long-expression.test.ts',
  'apps/designer/e2e/layout-window-fit.test.ts',
  'apps/designer/e2e/opening-view-steady.test.ts',
  'apps/designer/e2e/keyboard-only.test.ts',
  'packages/history/test/store-contract.test.ts',
]

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const root = this.ctx.config.root
    const rank = (file: TestSpecification) => {
      const at = SLOW_FIRST.indexOf(path.relative(root, file.moduleId).split(path.sep).join('/'))
      return at === -1 ? SLOW_FIRST.length : at
    }
    // a stable sort: the files not listed keep vitest's order after the listed ones
    return sorted
      .map((file) => ({ file, rank: rank(file) }))
      .sort((a, b) => a.rank - b.rank)
      .map(({ file }) => file)
  }
}
