// Benchmark: `routewright validate` of 1,000 generated files of about 50 nodes each, wall time of the built CLI
// as a user runs it (process start included), and its peak memory. Targets: under 5 s on the 2-core CI machine,
// under 200 MB resident. Also the start-up of cheap commands, which pays for whatever the dispatch loads. And one file
// with 10,000 errors: the pretty report quoting each line against the same validation's JSON (its diagnostics' cost).
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { type BenchFigure, median } from './result.ts'

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

/** One strategy with exactly `errors` errors (RW024, an unreadable wait) on a reachable chain: no other finding. */
export function generateManyErrors(errors: number): string {
  const lines = ['strategy: many-errors', 'format: 1', 'start: n0', 'nodes:']
  for (let i = 0; i < errors; i++) {
    lines.push(`  n${i}:`, '    type: wait', '    for: soon', `    next: n${i + 1}`)
  }
  lines.push(`  n${errors}: { type: end, outcome: default-route }`)
  return `${lines.join('\n')}\n`
}

/** `times` output of bash: the second line is the user and system time of its children. */
function childCpuSeconds(timesOutput: string): number | undefined {
  const line = timesOutput.trim().split('\n').at(-1) ?? ''
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]))
  return parts.length === 2 ? parts[0]! + parts[1]! : undefined
}

/** Resident kilobytes of `pid` and every process below it, from /proc (Linux); undefined elsewhere. */
function treeRssKb(pid: number): number | undefined {
  let entries: string[]
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return undefined
  }
  const children = new Map<number, number[]>()
  const rss = new Map<number, number>()
  for (const name of entries) {
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8')
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1])
      children.set(parent, [...(children.get(parent) ?? []), Number(name)])
      rss.set(Number(name), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0))
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0
  const queue = [pid]
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    total += rss.get(next) ?? 0
    queue.push(...(children.get(next) ?? []))
  }
  return total
}

interface TreeRun {
  status: number | null
  stdout: string
  stderr: string
  seconds: number
  /** Highest sum of resident memory over the process tree, sampled every 10 ms. */
  sampledPeakKb: number | undefined
}

/** Runs `bash -c command`, sampling the resident memory of bash and everything it starts until it ends. */
function runSampled(command: string): Promise<TreeRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    let sampledPeakKb: number | undefined
    const sample = () => {
      const kb = child.pid === undefined ? undefined : treeRssKb(child.pid)
      if (kb !== undefined) sampledPeakKb = Math.max(sampledPeakKb ?? 0, kb)
    }
    const timer = setInterval(sample, 10)
    child.on('error', (error) => {
      clearInterval(timer)
      reject(error)
    })
    child.on('close', (status) => {
      clearInterval(timer)
      resolve({ status, stdout, stderr, seconds: (performance.now() - start) / 1000, sampledPeakKb })
    })
  })
}

/** Median wall seconds of `routewright <args>` over `runs` runs: what a cheap command costs to start. */
function startupSeconds(args: readonly string[], runs = 7): number {
  return spawnSeconds([binary, ...args], runs)
}

/** Median wall seconds of `node <args>` from spawn to exit over `runs` runs (exit code 0 required). */
function spawnSeconds(args: readonly string[], runs: number): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const result = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: repoRoot })
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`)
    times.push((performance.now() - start) / 1000)
  }
  return median(times)
}

/**
 * Wall time and peak memory of validating `files` files, and the CPU time of the same run: on a machine shared
 * with other jobs the wall time mostly measures the others, while the CPU seconds bound what the run takes alone.
 * Peak memory is the larger of two readings: the kernel's high-water mark of the CLI process (worker threads share
 * it), printed by a preloaded hook as it exits, and the sum over the process tree sampled from outside (which
 * would also count any process the CLI started).
 */
export async function runCliValidateBench(files = 1000): Promise<BenchFigure[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-bench-'))
  try {
    for (let i = 0; i < files; i++) {
      writeFileSync(path.join(folder, `flow-${i}.strategy.yaml`), generateStrategy(`flow-${i}`))
    }
    const command = `"${process.execPath}" --import "${peakRssHook}" "${binary}" validate "${folder}" >/dev/null; status=$?; times >&2; exit $status`
    const result = await runSampled(command)
    if (result.status !== 0) {
      throw new Error(
        `routewright validate exited ${result.status}:\n${(result.stdout + result.stderr).slice(0, 2000)}`,
      )
    }
    const figures: BenchFigure[] = [
      {
        name: `routewright validate, ${files} files of 51 nodes (wall)`,
        value: result.seconds,
        unit: 's',
        target: 5,
      },
    ]
    const hookKb = Number(/RW_PEAK_RSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? Number.NaN)
    const peaks = [hookKb, result.sampledPeakKb ?? Number.NaN].filter((kb) => Number.isFinite(kb))
    if (peaks.length > 0) {
      figures.push({
        name: '  same run: peak memory (RSS, process tree, workers included)',
        value: Math.max(...peaks) / 1024,
        unit: 'MB',
        target: 200,
      })
    }
    const cpu = childCpuSeconds(result.stderr)
    if (cpu !== undefined) {
      figures.push({
        name: `  same run: CPU seconds, all threads (${availableParallelism()} cores; wall if alone is below)`,
        value: cpu,
        unit: 's',
        target: 5,
      })
    }
    figures.push({
      name: '  routewright --version (median start-up, wall)',
      value: startupSeconds(['--version']),
      unit: 's',
      target: 0.3,
    })
    figures.push({
      name: '  routewright report --help (median start-up, wall)',
      value: startupSeconds(['report', '--help']),
      unit: 's',
      target: 0.3,
    })
    figures.push(validateExamplesStartup())
    return figures
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

/**
 * What an editor's save hook or a CI step pays per call: `routewright validate examples` (24 files) from spawn to
 * exit, beside a bare `node -e ''` measured in alternation with it (ratio: the CLI's cost over Node's own start).
 */
function validateExamplesStartup(runs = 10): BenchFigure {
  const validate: number[] = []
  const bare: number[] = []
  for (let i = 0; i < runs; i++) {
    // alternated so a neighbour's burst on the shared machine weighs on both series alike
    bare.push(spawnSeconds(['-e', ''], 1))
    validate.push(spawnSeconds([binary, 'validate', 'examples'], 1))
  }
  const baseline = median(bare)
  return {
    name: `  routewright validate examples (median start to exit; node -e '' ${(baseline * 1000).toFixed(0)} ms)`,
    value: median(validate),
    unit: 's',
    target: 1,
    ratio: median(validate) / baseline,
  }
}

/** A quadratic report (219 s for 10,000 errors before 5e84845) fails the bench in this time instead of hanging it. */
const MANY_ERRORS_BUDGET_MS = 60_000

/** Wall and CPU seconds of `routewright validate <args>` (CPU from the preloaded hook), which must find errors. */
function validateSeconds(args: readonly string[]): { wall: number; cpu: number } {
  const start = performance.now()
  // node itself, not a shell around it: the timeout then stops the CLI, not only a shell that leaves it running
  const result = spawnSync(process.execPath, ['--import', peakRssHook, binary, 'validate', ...args], {
    encoding: 'utf8',
    // the report is thrown away, as the 1,000-file run sends it to /dev/null
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: MANY_ERRORS_BUDGET_MS,
  })
  const wall = (performance.now() - start) / 1000
  const what = `routewright validate ${args.join(' ')}`
  if (result.error) {
    const late = (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
    throw new Error(
      late
        ? `${what} took over ${MANY_ERRORS_BUDGET_MS / 1000} s (stopped): is the report quadratic in its findings again?`
        : `${what}: ${result.error.message}`,
    )
  }
  // 1 is the findings exit: the file is meant to have errors; anything else is a crash
  if (result.status !== 1) throw new Error(`${what} exited ${result.status}: ${result.stderr.slice(0, 2000)}`)
  const cpuUs = Number(/RW_CPU_US=(\d+)/.exec(result.stderr)?.[1] ?? Number.NaN)
  if (!Number.isFinite(cpuUs))
    throw new Error(`${what}: no CPU time from the hook: ${result.stderr.slice(-500)}`)
  return { wall, cpu: cpuUs / 1e6 }
}

/**
 * `routewright validate` of one file with 10,000 errors, the pretty report (source line and caret per finding)
 * against `--format json` of the same file in the same run: the JSON is the diagnostics' own cost (parse, check, a
 * linear print), so the ratio is what quoting them adds. Runs alternate so both see the same neighbours; the target is
 * on CPU seconds (all threads), which the shared machine's load disturbs less than wall time.
 */
export async function runValidateManyErrorsBench(errors = 10_000, runs = 3): Promise<BenchFigure[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-bench-errors-'))
  try {
    const file = path.join(folder, 'many-errors.strategy.yaml')
    writeFileSync(file, generateManyErrors(errors))
    const pretty: Array<{ wall: number; cpu: number }> = []
    const json: Array<{ wall: number; cpu: number }> = []
    for (let i = 0; i < runs; i++) {
      pretty.push(validateSeconds([file]))
      json.push(validateSeconds(['--format', 'json', file]))
    }
    const prettyCpu = median(pretty.map((r) => r.cpu))
    const jsonCpu = median(json.map((r) => r.cpu))
    const label = `${errors.toLocaleString('en-US')} errors`
    return [
      {
        name: `routewright validate, one file of ${label}, pretty report (median wall of ${runs}; ratio to --format json)`,
        value: median(pretty.map((r) => r.wall)),
        unit: 's',
        target: 5,
        ratio: median(pretty.map((r) => r.wall)) / median(json.map((r) => r.wall)),
      },
      {
        name: `  same runs: --format json, the diagnostics' own cost (median wall)`,
        value: median(json.map((r) => r.wall)),
        unit: 's',
        target: 5,
      },
      {
        name: `  same runs: pretty CPU / --format json CPU (${prettyCpu.toFixed(2)} s / ${jsonCpu.toFixed(2)} s)`,
        value: prettyCpu / jsonCpu,
        unit: 'x',
        target: 2,
        ratio: prettyCpu / jsonCpu,
      },
    ]
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
