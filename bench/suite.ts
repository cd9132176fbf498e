// Runs the benchmarks of the repository (exports named run...Bench in packages/*/bench, apps/*/bench and bench/)
// once and writes the figures for scripts/bench.mjs to print; that script starts one process per file. Not part of
// `npm test`.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import type { BenchFigure } from './result.ts'

const modules = import.meta.glob<Record<string, unknown>>([
  '../packages/*/bench/*.bench.ts',
  '../apps/*/bench/*.bench.ts',
  './*.bench.ts',
])

/** `npm run bench -- router cli`: only the benchmark files whose path contains one of the words. */
const only = (process.env.ROUTEWRIGHT_BENCH_ONLY ?? '').split(',').filter((word) => word !== '')
/** scripts/bench.mjs runs one file per process: its path relative to the root. */
const onlyFile = process.env.ROUTEWRIGHT_BENCH_FILE
const out =
  process.env.ROUTEWRIGHT_BENCH_OUT ?? path.resolve(import.meta.dirname, '../test-output/bench.json')

it('runs every benchmark', async () => {
  const figures: Array<BenchFigure & { source: string }> = []
  const failures: string[] = []
  for (const [file, load] of Object.entries(modules).sort(([a], [b]) => a.localeCompare(b))) {
    const source = path.relative(
      path.resolve(import.meta.dirname, '..'),
      path.resolve(import.meta.dirname, file),
    )
    if (onlyFile !== undefined && source !== onlyFile) continue
    if (only.length > 0 && !only.some((word) => source.includes(word))) continue
    const exports = await load()
    for (const [name, fn] of Object.entries(exports)) {
      if (!/^run\w*Bench$/.test(name) || typeof fn !== 'function') continue
      try {
        const result = (await fn()) as BenchFigure | BenchFigure[]
        for (const figure of Array.isArray(result) ? result : [result]) figures.push({ ...figure, source })
      } catch (error) {
        failures.push(`${source} ${name}: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
  mkdirSync(path.dirname(out), { recursive: true })
  writeFileSync(out, JSON.stringify({ figures, failures }, null, 2))
  expect(failures).toEqual([])
})
