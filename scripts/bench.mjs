#!/usr/bin/env node
// npm run bench: builds the CLI (its benchmark times the real binary), runs every benchmark through vitest
// (the packages' benchmarks are TypeScript; vitest compiles them) and prints one table with targets and ratios.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const out = path.join(root, 'test-output', 'bench.json')

function run(args, env = {}) {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  })
  return result.status ?? 1
}

if (
  run([
    path.join(root, 'node_modules/vite/bin/vite.js'),
    'build',
    '--config',
    'packages/cli/vite.config.ts',
  ]) !== 0
) {
  console.error('bench: building the CLI failed')
  process.exit(1)
}
rmSync(out, { force: true })
const status = run(
  [
    path.join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--config',
    'bench/vitest.bench.config.ts',
    ...process.argv.slice(2),
  ],
  { ROUTEWRIGHT_BENCH_OUT: out },
)
if (!existsSync(out)) {
  console.error('bench: no results were written')
  process.exit(status || 1)
}
const { figures, failures } = JSON.parse(readFileSync(out, 'utf8'))

const higherIsBetter = (f) => f.higherIsBetter ?? f.unit.includes('/s')
const format = (n) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2))
const rows = figures.map((f) => {
  const ratio = f.ratio ?? (higherIsBetter(f) ? f.value / f.target : f.value / f.target)
  const ok = higherIsBetter(f) ? f.value >= f.target : f.value <= f.target
  return [
    f.name,
    format(f.value),
    f.unit,
    `${higherIsBetter(f) ? '>=' : '<='} ${f.target}`,
    `${format(ratio)}x`,
    ok ? 'ok' : 'MISSED',
  ]
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
console.log("\nratio: value / target (or value / the benchmark's own baseline when it measures one)")
for (const failure of failures) console.error(`FAILED ${failure}`)
process.exit(failures.length > 0 || status !== 0 ? 1 : 0)
