// Benchmark: `routewright validate` of 1,000 generated files of about 50 nodes each, wall time of the built CLI
// as a user runs it (process start included), and its peak memory. Targets: under 5 s on the 2-core CI machine,
// under 200 MB resident.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import type { BenchFigure } from './result.ts'

const repoRoot = path.resolve(import.meta.dirname, '..')
const binary = path.join(repoRoot, 'packages/cli/bin/routewright.mjs')
const peakRssHook = path.join(repoRoot, 'bench/peak-rss.mjs')

/** A realistic strategy of `blocks * 5 + 1` nodes: switch, assign, target with escalation, wait, treatment. */
export function generateStrategy(id: string, blocks = 10): string {
  const lines = [
    `# generated for the validate benchmark: ${id}`,
    `strategy: ${id}`,
    'format: 1',
    'inputs:',
    '  tier: { type: string, default: standard }',
    'variables:',
    '  attempts: { type: int, default: 0 }',
    'start: n0',
    'nodes:',
  ]
  for (let b = 0; b < blocks; b++) {
    const n = (k: number) => `n${b * 5 + k}`
    const next = b + 1 < blocks ? `n${(b + 1) * 5}` : 'finish'
    lines.push(
      `  ${n(0)}:`,
      '    type: switch',
      '    cases:',
      `      - { when: 'data.tier == "gold" && attempts < ${b + 2}', next: ${n(1)} }`,
      `      - { when: 'stat("group:g${b % 7}", "ExpectedWaitTime") > ${b + 30}.0', next: ${n(2)} }`,
      `    default: ${n(3)}`,
      `  ${n(1)}:`,
      '    type: assign',
      `    set: { attempts: attempts + 1 }`,
      `    next: ${n(2)}`,
      `  ${n(2)}:`,
      '    type: target',
      `    targets: [{ skill: "skills.s${b % 5} >= 3" }, { group: g${b % 7} }]`,
      '    pick: longest-idle',
      '    wait: 30s',
      `    escalate: [{ after: 10s, add: [{ group: g${(b + 1) % 7} }] }]`,
      `    next: { timeout: ${n(4)}, error: ${n(4)} }`,
      `  ${n(3)}:`,
      '    type: wait',
      '    for: 5s',
      `    next: ${n(4)}`,
      `  ${n(4)}:`,
      '    type: treatment',
      '    music: music/hold',
      `    next: { done: ${next}, error: ${next} }`,
    )
  }
  lines.push('  finish: { type: end, outcome: default-route }')
  return `${lines.join('\n')}\n`
}

/** `times` output of bash: the second line is the user and system time of its children. */
function childCpuSeconds(timesOutput: string): number | undefined {
  const line = timesOutput.trim().split('\n').at(-1) ?? ''
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]))
  return parts.length === 2 ? parts[0]! + parts[1]! : undefined
}

/**
 * Wall time, and the CPU time of the same run: on a machine shared with other jobs the wall time mostly measures
 * the others, while CPU seconds / cores is what the run would take alone.
 */
export function runCliValidateBench(files = 1000): BenchFigure[] {
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-bench-'))
  try {
    for (let i = 0; i < files; i++) {
      writeFileSync(path.join(folder, `flow-${i}.strategy.yaml`), generateStrategy(`flow-${i}`))
    }
    const command = `"${process.execPath}" --import "${peakRssHook}" "${binary}" validate "${folder}" >/dev/null; status=$?; times >&2; exit $status`
    const start = performance.now()
    const result = spawnSync('bash', ['-c', command], { encoding: 'utf8', maxBuffer: 1 << 26 })
    const seconds = (performance.now() - start) / 1000
    if (result.status !== 0) {
      throw new Error(
        `routewright validate exited ${result.status}:\n${(result.stdout + result.stderr).slice(0, 2000)}`,
      )
    }
    const cores = availableParallelism()
    const figures: BenchFigure[] = [
      {
        name: `routewright validate, ${files} files of 51 nodes (wall)`,
        value: seconds,
        unit: 's',
        target: 5,
      },
    ]
    const peakKb = /RW_PEAK_RSS_KB=(\d+)/.exec(result.stderr)?.[1]
    if (peakKb !== undefined) {
      figures.push({
        name: '  same run: peak memory (RSS, workers included)',
        value: Number(peakKb) / 1024,
        unit: 'MB',
        target: 200,
      })
    }
    const cpu = childCpuSeconds(result.stderr)
    if (cpu !== undefined) {
      figures.push({
        name: `  same run: CPU seconds / ${cores} cores (wall if alone)`,
        value: cpu / cores,
        unit: 's',
        target: 5,
      })
    }
    return figures
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
