// An alarm evaluation at alarms.yaml's cap (1,000 rules over 8 windows) on serve's event loop, every `evaluateEvery`
// (5 s): 300 queues with arrivals in every window, rules on `queue: "*"`, none breached (the common case: every rule
// and queue is looked at, nothing raised). `ROUTEWRIGHT_BENCH_BASE_BUILD=<built worktree>` runs that build's engine
// (its packages/server/dist) in alternation with this one's, on windows fed alike: the ratio is this / the base.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import * as history from '@routewright/history'
import { type BenchFigure, cpuMs, median } from '../../../bench/result.ts'
import * as thisBuild from '../src/alarms/alarm-engine.ts'
import type { AlarmFigure, AlarmRule } from '../src/alarms/alarm-schema.ts'
import { DEFAULT_MONITOR } from '../src/monitor/monitor-settings.ts'
import { RecordWindow } from '../src/monitor/record-window.ts'

const MIN = 60_000
const RULES = 1000
const WINDOWS = 8
const QUEUES = 300
const RATE = 50
const EVERY = 5000
/** serve's monitor window when alarms.yaml names none. */
const MONITOR_WINDOW = DEFAULT_MONITOR.windowMs
const FIGURES: AlarmFigure[] = ['service-level', 'asa', 'abandon-rate', 'overflow-rate']

function rules(): Record<string, AlarmRule> {
  const out: Record<string, AlarmRule> = {}
  for (let r = 0; r < RULES; r++)
    out[`r${r}`] = {
      figure: FIGURES[r % FIGURES.length]!,
      queue: '*',
      window: ((r % WINDOWS) + 1) * MIN,
      above: 1e9,
      severity: 'warning',
    } as AlarmRule
  return out
}

function record(i: number, arrivedAt: number): history.LiveInteraction {
  const q = i % QUEUES
  return {
    arrivedAt,
    outcome: i % 10 === 0 ? 'abandoned' : 'routed',
    waitMs: (i % 40) * 1000,
    queue: `group:q${q}`,
    group: undefined,
    ...(i % 5 === 0 ? { overflowQueue: `group:q${(q + 1) % QUEUES}` } : {}),
  }
}

/** Median CPU ms of five evaluations 5 s apart with arrivals between, after a first one that fills the windows. */
function measure(engine: { evaluate: (now: number) => void }, window: RecordWindow, start: number): number {
  let i = 0
  const fill = (until: number) => {
    for (; start + Math.floor((i * 1000) / RATE) <= until; i++)
      window.addLive(record(i, start + Math.floor((i * 1000) / RATE)))
  }
  let now = start + WINDOWS * MIN
  fill(now)
  engine.evaluate(now)
  const times: number[] = []
  for (let e = 0; e < 5; e++) {
    now += EVERY
    fill(now)
    const before = cpuMs()
    engine.evaluate(now)
    times.push(cpuMs() - before)
  }
  return median(times)
}

type Build = Pick<typeof thisBuild, 'createAlarmEngine'>

async function loadBase(): Promise<Build | undefined> {
  const base = process.env.ROUTEWRIGHT_BENCH_BASE_BUILD
  if (!base) return undefined
  const file = path.join(base, 'packages/server/dist/alarms/alarm-engine.js')
  return (await import(pathToFileURL(file).href)) as Build
}

/** The engine with `ruleSet` applied at `now` as serve applies an alarms file (live-service.ts `apply`). */
function engineOver(build: Build, window: RecordWindow, ruleSet: Record<string, AlarmRule>, now: number) {
  // the windows the monitor and the rules read: their bucket levels fill from now on, as in serve (each record
  // added costs a level per window expected, the evaluation reads them)
  window.expectWindows(
    [MONITOR_WINDOW, ...Object.values(ruleSet).map((r) => r.window ?? MONITOR_WINDOW)],
    now,
  )
  const engine = build.createAlarmEngine(history, { raised: () => {}, cleared: () => {} })
  engine.setRules(ruleSet, now)
  return {
    evaluate: (now: number) =>
      engine.evaluate({
        now,
        window,
        waiting: new Map(),
        monitorWindowMs: MONITOR_WINDOW,
        serviceLevelSeconds: 20,
        shortAbandonSeconds: 5,
      }),
  }
}

/** Median CPU ms of an evaluation of `build`'s engine, from a window and engine of its own. */
function evaluationMs(build: Build): number {
  const window = new RecordWindow(history, () => WINDOWS * MIN)
  const start = Date.UTC(2026, 11, 6, 9)
  return measure(engineOver(build, window, rules(), start), window, start)
}

export async function runAlarmEvaluateBench(): Promise<BenchFigure[]> {
  const base = await loadBase()
  const ours: number[] = []
  const ratios: number[] = []
  for (let round = 0; round < 3; round++) {
    const mine = evaluationMs(thisBuild)
    ours.push(mine)
    if (base) ratios.push(mine / evaluationMs(base))
  }
  return [
    {
      name: `alarm evaluation: ${RULES} rules on "*" over ${WINDOWS} windows, ${QUEUES} queues${base ? ', / the base build' : ''}`,
      value: median(ours),
      unit: 'ms',
      // a tenth of the 5 s evaluateEvery at most, on the event loop every client shares
      target: 500,
      ...(base ? { ratio: median(ratios) } : {}),
    },
  ]
}
