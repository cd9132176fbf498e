#!/usr/bin/env node
// npm run bench: builds everything (the CLI benchmark times the built binary, the designer's drives the built app),
// runs every benchmark through vitest (they are TypeScript; vitest compiles them) and prints one table.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const out = path.join(root, 'test-output', 'bench.json')

const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) {
  console.error('bench: npm run build failed')
  process.exit(1)
}
rmSync(out, { force: true })
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs')
// words select benchmark files (`npm run bench -- router cli-validate`); flags go to vitest
const words = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
const flags = process.argv.slice(2).filter((arg) => arg.startsWith('-'))
const bench = spawnSync(
  process.execPath,
  [vitest, 'run', '--config', 'bench/vitest.bench.config.ts', ...flags],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ROUTEWRIGHT_BENCH_OUT: out, ROUTEWRIGHT_BENCH_ONLY: words.join(',') },
  },
)
if (!existsSync(out)) {
  console.error('bench: no results were written')
  process.exit(bench.status || 1)
}
const { figures, failures } = JSON.parse(readFileSync(out, 'utf8'))

const higherIsBetter = (f) => f.higherIsBetter ?? f.unit.includes('/s')
const format = (n) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2))
const rows = figures.map((f) => {
  const ratio = f.ratio ?? f.value / f.target
  const ok = higherIsBetter(f) ? f.value >= f.target : f.value <= f.target
  const target = `${higherIsBetter(f) ? '>=' : '<='} ${f.target}`
  return [f.name, format(f.value), f.unit, target, `${format(ratio)}x`, ok ? 'ok' : 'MISSED']
})
const header = ['name', 'value', 'unit', 'target', 'ratio', '']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
const line = (cells) =>
  cells
    .map((c, i) => (i === 1 || i === 4 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
    .join(' | ')
    .trimEnd()
console.log('')
console.log(line(header))
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'))
for (const row of rows) console.log(line(row))
console.log("\nratio: value / target, or value / the benchmark's own baseline when it measures one")
for (const failure of failures) console.error(`FAILED ${failure}`)
process.exit(failures.length > 0 || bench.status !== 0 ? 1 : 0)
