#!/usr/bin/env node
// npm run bench: builds everything (the CLI benchmark times the built binary, the designer's drives the built app),
// runs every benchmark through vitest (they are TypeScript; vitest compiles them) and prints one table.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
const files = benchFiles().filter((file) => words.length === 0 || words.some((word) => file.includes(word)))
if (files.length === 0) {
  console.error(`bench: no benchmark file matches ${words.join(', ')}`)
  process.exit(1)
}
// Each file runs in its own process, as a host runs one job: in one shared process the JIT shapes the router for
// whichever benchmark ran first, and a later one pays for it (simulate ran 30 % slower after the pick-rule benches).
const figures = []
const failures = []
let status = 0
for (const file of files) {
  const fileOut = path.join(root, 'test-output', `bench-${file.replaceAll('/', '_')}.json`)
  rmSync(fileOut, { force: true })
  const bench = spawnSync(
    process.execPath,
    [vitest, 'run', '--config', 'bench/vitest.bench.config.ts', ...flags],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ROUTEWRIGHT_BENCH_OUT: fileOut, ROUTEWRIGHT_BENCH_FILE: file },
    },
  )
  if (!existsSync(fileOut)) {
    failures.push(`${file}: no results were written (vitest exited with ${bench.status ?? bench.signal})`)
    continue
  }
  const result = JSON.parse(readFileSync(fileOut, 'utf8'))
  figures.push(...result.figures)
  failures.push(...result.failures)
  if (bench.status !== 0) status = bench.status ?? 1
}
mkdirSync(path.dirname(out), { recursive: true })
writeFileSync(out, JSON.stringify({ figures, failures }, null, 2))

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
process.exit(failures.length > 0 || status !== 0 ? 1 : 0)

// The benchmark files bench/suite.ts runs, relative to the root: packages/NAME/bench, apps/NAME/bench and bench/.
function benchFiles() {
  const inside = (dir) =>
    existsSync(path.join(root, dir))
      ? readdirSync(path.join(root, dir))
          .filter((name) => name.endsWith('.bench.ts'))
          .map((name) => `${dir}/${name}`)
      : []
  const workspaces = (top) =>
    readdirSync(path.join(root, top), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => inside(`${top}/${entry.name}/bench`))
  return [...workspaces('packages'), ...workspaces('apps'), ...inside('bench')].sort()
}
