// Strategy tests: one scenario is one interaction routed on a simulated clock, with agents, statistics,
// host-function stubs and timed events from the test file; the result is compared with the expectations.
import {
  type DirectoryDocument,
  parseDuration,
  type Scenario,
  type StrategyDocument,
  type TestDocument,
  treatmentLengthMs,
} from '@routewright/strategy-dsl'
import type { Explanation, InteractionInput, Outcome, RouterEvent, TraceEntry } from '../api/types.ts'
import { mediaNobodyTakes } from '../simulation/traffic-check.ts'
import { createMemoryStatProvider } from '../stats/memory-provider.ts'
import { message } from '../stats/stat-reader.ts'
import { createSeededRandom } from '../time/clock-random.ts'
import { createSimulatedClock } from '../time/clock-simulated.ts'
import { compareExpectations, type ScenarioFailure } from './expect.ts'
import { stubFunctions } from './function-stubs.ts'
import { createProbe } from './probe.ts'

/** Where a scenario starts when it names no time: a Monday, 10:00 UTC. */
export const DEFAULT_SCENARIO_START = Date.parse('2026-01-05T10:00:00Z')
/** A scenario that has not finished after this much simulated time stops. */
const HORIZON_MS = 24 * 3_600_000
// the explanations name it ("the interaction was first in line when alice became available"): words, not an id
const SCENARIO_INTERACTION = 'the interaction'

export interface ScenarioResult {
  /** How the interaction finished, or `waiting` when it was still waiting when the scenario ran out of events. */
  outcome: Outcome | 'waiting'
  agent?: string
  target?: string
  destination?: string
  /** The interaction's priority at the end. */
  priority?: number
  /** Time of the routing decision (or the end), in ms from the scenario's start. */
  at?: number
  path: string[]
  treatments: string[]
  data: Record<string, unknown>
  variables: Record<string, unknown>
  values?: Record<string, unknown>
  events: RouterEvent[]
  trace: TraceEntry[]
  explanation?: Explanation
  /** Why it failed or ended, when it did not route. */
  reason?: string
}

export interface ScenarioReport {
  name: string
  passed: boolean
  failures: ScenarioFailure[]
  result: ScenarioResult
  /** The run was stopped (`runTestDocumentUntil`'s signal) before this scenario finished; `result` is where it got. */
  stopped?: true
}

export interface TestReport {
  strategy: string
  passed: boolean
  scenarios: ScenarioReport[]
  /** The run was stopped: the scenario running then is `stopped`, those after it are left out. */
  stopped?: true
}

export interface ScenarioContext {
  strategies: ReadonlyMap<string, StrategyDocument>
  directory: DirectoryDocument
}

/** Runs every scenario of a test file against its strategy. */
export function runTestDocument(tests: TestDocument, ctx: ScenarioContext): TestReport {
  const scenarios = tests.scenarios.map((scenario) => {
    const setupFailures: ScenarioFailure[] = []
    let ran: Ran
    try {
      ran = { result: drain(scenarioSteps(scenario, tests.tests, ctx, setupFailures, never)) }
    } catch (error) {
      ran = { error }
    }
    return reportScenario(scenario, ran, setupFailures)
  })
  return { strategy: tests.tests, passed: scenarios.every((s) => s.passed), scenarios }
}

/** How a host stops a test run it drives from an event loop (an editor's stop button). */
export interface TestRunControl {
  /** Once aborted, the scenario running ends `stopped` at its next clock firing and no further scenario starts. */
  signal: AbortSignal
  /** Awaited every `firingsPerPause` clock firings: the host's turn to take in an abort (a stop request). */
  pause: () => Promise<void>
  /** Default 500: a few milliseconds of routing between two pauses. */
  firingsPerPause?: number
}

/**
 * `runTestDocument` that can be stopped: every few clock firings it gives the host a turn (`control.pause`) and
 * it checks `control.signal` before each firing. A stopped run says so: `stopped` on the report and on the
 * scenario it stopped (its result is where it got), and the scenarios after it are left out.
 */
export async function runTestDocumentUntil(
  tests: TestDocument,
  ctx: ScenarioContext,
  control: TestRunControl,
): Promise<TestReport> {
  const every = Math.max(1, control.firingsPerPause ?? 500)
  const stopped = () => control.signal.aborted
  const scenarios: ScenarioReport[] = []
  for (const scenario of tests.scenarios) {
    if (stopped()) break
    const setupFailures: ScenarioFailure[] = []
    let ran: Ran
    try {
      const steps = scenarioSteps(scenario, tests.tests, ctx, setupFailures, stopped)
      for (let n = 1; ; n++) {
        const step = steps.next()
        if (step.done) {
          ran = { result: step.value }
          break
        }
        if (n % every === 0) await control.pause()
      }
    } catch (error) {
      ran = { error }
    }
    if ('result' in ran && ran.result.reason === STOPPED_REASON) {
      const failure = { field: 'scenario', expected: 'to finish', actual: 'stopped', message: STOPPED_REASON }
      scenarios.push({
        name: scenario.name,
        passed: false,
        failures: [failure],
        result: ran.result,
        stopped: true,
      })
      break
    }
    scenarios.push(reportScenario(scenario, ran, setupFailures))
  }
  const passed = scenarios.every((s) => s.passed)
  return stopped()
    ? { strategy: tests.tests, passed: false, scenarios, stopped: true }
    : { strategy: tests.tests, passed, scenarios }
}

/** Why a scenario stopped by its host's signal did not finish. */
const STOPPED_REASON = 'stopped before it finished: the run was stopped'

const never = () => false

function drain<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** A scenario's run: its result, or what it threw. */
type Ran = { result: ScenarioResult } | { error: unknown }

function reportScenario(scenario: Scenario, ran: Ran, setupFailures: ScenarioFailure[]): ScenarioReport {
  let result: ScenarioResult
  if ('result' in ran) result = ran.result
  else {
    const why = `The scenario could not run: ${message(ran.error)}`
    result = emptyResult(why)
    setupFailures.push({ field: 'scenario', expected: 'to run', actual: message(ran.error), message: why })
  }
  const failures = [...setupFailures, ...compareExpectations(scenario.expect, result)]
  return { name: scenario.name, passed: failures.length === 0, failures, result }
}

/** Routes the scenario's interaction through `strategyId` on a simulated clock. */
export function runScenario(scenario: Scenario, strategyId: string, ctx: ScenarioContext): ScenarioResult {
  return drain(scenarioSteps(scenario, strategyId, ctx, [], never))
}

/** Routes one interaction now (for `routewright run`): agents and statistics as given, no timed events. */
export function routeOnce(
  strategyId: string,
  interaction: Omit<InteractionInput, 'id' | 'strategy'> & { id?: string; strategy?: string },
  ctx: ScenarioContext & {
    agents?: Scenario['agents']
    stats?: Scenario['stats']
    at?: string | number
  },
): ScenarioResult {
  const { id: _id, strategy: _strategy, ...rest } = interaction ?? {}
  const scenario: Scenario = {
    name: 'run',
    interaction: rest as NonNullable<Scenario['interaction']>,
    expect: {},
    ...(ctx.agents ? { agents: ctx.agents } : {}),
    ...(ctx.stats ? { stats: ctx.stats } : {}),
    ...(ctx.at !== undefined
      ? { at: typeof ctx.at === 'number' ? new Date(ctx.at).toISOString() : ctx.at }
      : {}),
  }
  return runScenario(scenario, strategyId, ctx)
}

function emptyResult(reason: string): ScenarioResult {
  return {
    outcome: 'error',
    priority: 0,
    path: [],
    treatments: [],
    data: {},
    variables: {},
    events: [],
    trace: [],
    reason,
  }
}

/** The scenario's run, one clock firing per step; it ends early, `reason` STOPPED_REASON, once `stopped()`. */
function* scenarioSteps(
  scenario: Scenario,
  strategyId: string,
  ctx: ScenarioContext,
  failures: ScenarioFailure[],
  stopped: () => boolean,
): Generator<undefined, ScenarioResult> {
  const start = scenario.at !== undefined ? Date.parse(scenario.at) : DEFAULT_SCENARIO_START
  const clock = createSimulatedClock(Number.isFinite(start) ? start : DEFAULT_SCENARIO_START)
  const t0 = clock.now()
  const stats = createMemoryStatProvider({ clock, directory: ctx.directory })
  const fail = (field: string, text: string) =>
    failures.push({ field, expected: 'valid setup', actual: text, message: text })

  const functions = stubFunctions(scenario.functions ?? {}, clock)

  const events: RouterEvent[] = []
  const digitsBuffer: string[] = []
  let futureRejects = (scenario.events ?? []).filter((e) => e.reject).length
  let armedRejects = 0
  let awaitingDigits = false
  const id = SCENARIO_INTERACTION

  const { router, probe } = createProbe({
    strategies: ctx.strategies,
    directory: ctx.directory,
    stats,
    clock,
    random: createSeededRandom(scenario.seed ?? 1),
    functions,
    onEvent: (event) => {
      events.push(event)
      if (event.interaction !== id) return
      if (event.type === 'treatment') onTreatment(event.treatment)
      if (event.type === 'routed') onRouted()
    },
  })
  const isActive = () => probe.isActive(id)

  function onTreatment(treatment: Record<string, unknown>): void {
    if (treatment.collect !== undefined) {
      const buffered = digitsBuffer.shift()
      if (buffered !== undefined)
        clock.setTimeout(() => isActive() && router.treatmentDone(id, { digits: buffered }), 0)
      else awaitingDigits = true
      return
    }
    const ms = treatmentLengthMs(treatment)
    if (ms === undefined) return
    clock.setTimeout(() => isActive() && router.treatmentDone(id), ms)
  }

  function onRouted(): void {
    if (armedRejects > 0) {
      armedRejects--
      clock.setTimeout(() => isActive() && router.rejectReservation(id), 0)
    } else if (futureRejects === 0) clock.setTimeout(() => isActive() && router.confirmReservation(id), 0)
  }

  // a media no agent takes (`fax`, `vioce`) would wait for nobody: said as a setup failure, as an unknown agent is
  const media = scenario.interaction?.media
  const nobody = media === undefined ? undefined : mediaNobodyTakes(ctx.directory, media)
  if (nobody)
    fail(
      'interaction.media',
      `No agent of directory "${ctx.directory.directory}" takes media "${media}", so the interaction could never be answered: write a media they take, or give an agent capacity for it.${nobody.hint}`,
    )
  for (const [agent, setup] of Object.entries(scenario.agents ?? {})) {
    if (!ctx.directory.agents?.[agent]) {
      fail(
        `agents.${agent}`,
        `Agent "${agent}" of the scenario is not in directory "${ctx.directory.directory}"`,
      )
      continue
    }
    const s = typeof setup === 'string' ? { state: setup } : setup
    const since = s.since !== undefined ? (parseDuration(s.since) ?? 0) : 0
    router.agentEvent({ agent, state: s.state, at: t0 - since })
    if (s.load) probe.setLoad(agent, s.load)
    stats.setAgent(agent, { state: s.state, since: t0 - since, ...(s.load ? { load: s.load } : {}) })
    if (s.occupancy !== undefined) stats.override(`agent:${agent}`, 'Occupancy', s.occupancy)
  }
  applyStats(scenario.stats, 'stats')

  function applyStats(values: Scenario['stats'], field: string): void {
    for (const [subject, figures] of Object.entries(values ?? {})) {
      for (const [statistic, value] of Object.entries(figures)) {
        try {
          stats.override(subject, statistic, value)
        } catch (error) {
          fail(`${field}.${subject}.${statistic}`, message(error))
        }
      }
    }
  }

  ;(scenario.events ?? []).forEach((event, i) => {
    const at = parseDuration(event.at) ?? 0
    clock.setTimeout(() => {
      if (event.stats) applyStats(event.stats, `events[${i}].stats`)
      if (event.agent !== undefined && event.state !== undefined)
        router.agentEvent({ agent: event.agent, state: event.state })
      if (event.digits !== undefined) {
        if (awaitingDigits && isActive()) {
          awaitingDigits = false
          router.treatmentDone(id, { digits: event.digits })
        } else digitsBuffer.push(event.digits)
      }
      if (event.reject) {
        futureRejects--
        if (isActive() && probe.isReserved(id)) router.rejectReservation(id)
        else armedRejects++
      }
      if (event.abandon && isActive()) router.abandon(id)
    }, at)
  })

  router.submit({ ...(scenario.interaction ?? {}), id, strategy: strategyId } as InteractionInput)
  // a reservation left pending for a reject that never comes is confirmed once the events are over
  let fired = 0
  let halted = false
  while (isActive() && fired < 100_000) {
    const due = clock.nextDue()
    if (due === undefined || due - t0 > HORIZON_MS) break
    if (stopped()) {
      halted = true
      break
    }
    clock.runUntil(due)
    fired++
    yield
  }
  const run = probe.interaction(id)
  const finished = events.find((e) => e.type === 'finished' && e.interaction === id)
  const decision = [...events]
    .reverse()
    .find((e) => e.interaction === id && (e.type === 'routed' || e.type === 'finished'))
  const failed = events.find((e) => e.type === 'failed' && e.interaction === id)
  const result: ScenarioResult = {
    outcome: finished?.type === 'finished' ? finished.outcome : 'waiting',
    priority: run?.priority ?? 0,
    path: run ? [...run.path] : [],
    treatments: run ? [...run.treatments] : [],
    data: run ? { ...run.data } : {},
    variables: run ? { ...run.variables } : {},
    events: [...events],
    trace: run ? [...run.trace] : [],
  }
  if (run?.agent !== undefined) result.agent = run.agent
  if (run?.target !== undefined) result.target = run.target
  if (run?.destination !== undefined) result.destination = run.destination
  if (run?.values !== undefined) result.values = run.values
  if (run?.explanation) result.explanation = run.explanation
  if (decision) result.at = decision.at - t0
  const lastFinish = run?.trace.findLast((t) => t.kind === 'finish')
  if (halted) result.reason = STOPPED_REASON
  else if (failed?.type === 'failed') result.reason = failed.reason
  else if (lastFinish?.message !== undefined && result.outcome !== 'routed')
    result.reason = lastFinish.message
  router.stop()
  return result
}
