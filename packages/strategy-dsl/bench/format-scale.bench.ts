// Benchmark: canonical formatting of a 1,000-node and a 10,000-node strategy (the RW013 limit), CPU time of the
// built package in a plain Node process as `fmt` and the language server run it, and the ratio between them:
// linear is 10x (a per-node search of the whole document would show as ~100x). The yaml package's parseDocument
// of the same 10,000 nodes is the floor: the formatter edits that Document, so it cannot cost less.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { buildParseBenchText } from './parse.bench.ts'

export interface FormatScaleFigure {
  name: string
  value: number
  unit: 'ms' | 'x'
  target: number
}

/** Median CPU milliseconds of `runs` formats (or yaml parses) of `text` after a warm-up, in a process of its own. */
function builtCpu(text: string, runs: number, what: 'format' | 'yaml' = 'format'): number {
  const script = path.join(import.meta.dirname, 'format-run.mjs')
  const out = execFileSync(process.execPath, [script, String(runs), what], { input: text, encoding: 'utf8' })
  return (JSON.parse(out) as { cpu: number }).cpu
}

export function runFormatScaleBench(): FormatScaleFigure[] {
  const small = builtCpu(buildParseBenchText(1_000), 7)
  const largeText = buildParseBenchText(10_000)
  const large = builtCpu(largeText, 3)
  const floor = builtCpu(largeText, 3, 'yaml')
  return [
    {
      name: 'format (canonical text), 1,000 nodes, built package (CPU)',
      value: small,
      unit: 'ms',
      target: 100,
    },
    {
      name: 'format (canonical text), 10,000 nodes, built package (CPU)',
      value: large,
      unit: 'ms',
      target: 1_000,
    },
    { name: 'format 10,000 nodes / 1,000 nodes (linear = 10x)', value: large / small, unit: 'x', target: 12 },
    {
      name: "  floor: the yaml package's parseDocument alone, 10,000 nodes (CPU)",
      value: floor,
      unit: 'ms',
      target: 1_000,
    },
  ]
}
