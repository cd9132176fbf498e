// The simulation's timeline (its own events beside the router's timers) and what simulate() keeps per call.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import {
  createSeededRandom,
  type SimulationOptions,
  type SimulationResult,
  simulate,
  simulationSteps,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { Timeline } from '../src/simulation/sim-events.ts'
import { createSteppedClock } from '../src/time/clock-simulated.ts'

interface Named {
  name: string
}
const named = (name: string): Named => ({ name })

describe('simulation timeline', () => {
  it("moves its clock to each event's time with skipTo, never back and firing nothing, as nextDue allows", () => {
    const clock = createSteppedClock(1000)
    const fired: number[] = []
    clock.setTimeout(() => fired.push(clock.now()), 500)
    clock.skipTo(1200)
    clock.skipTo(1100)
    expect([clock.now(), fired, clock.nextDue()]).toEqual([1200, [], 1500])
    const timeline = new Timeline<Named>(
      clock,
      (e) => fired.push(clock.now(), e.name.length),
      () => {},
    )
    timeline.schedule(named('abc'), 1400)
    timeline.schedule(named('later'), 1600)
    timeline.runUntil(1700)
    // the event before the timer at its time, the timer at 1500 from the clock, the one after at its own
    expect(fired).toEqual([1400, 3, 1500, 1600, 5])
  })

  it('runs events in time order, ties in scheduling order, and settles after each', () => {
    const clock = createSteppedClock(1000)
    const log: string[] = []
    const timeline = new Timeline<Named>(
      clock,
      (e) => log.push(`${e.name}@${clock.now()}`),
      () => log.push('settle'),
    )
    timeline.schedule(named('b'), 1020)
    timeline.schedule(named('a'), 1010)
    timeline.schedule(named('c'), 1020)
    timeline.schedule(named('late'), 5000)
    timeline.runUntil(1500)
    expect(log).toEqual(['a@1010', 'settle', 'b@1020', 'settle', 'c@1020', 'settle'])
    expect(clock.now()).toBe(1500)
    timeline.runUntil(5000)
    expect(log.slice(-2)).toEqual(['late@5000', 'settle'])
  })

  it('keeps time order, ties in scheduling order, for thousands of events scheduled while it runs', () => {
    const clock = createSteppedClock(0)
    const random = createSeededRandom(3)
    const fired: Array<{ at: number; n: number }> = []
    const expected: Array<{ at: number; n: number }> = []
    let n = 0
    const add = (at: number) => {
      const event = { name: '', at, n: n++ }
      expected.push({ at: Math.max(at, clock.now()), n: event.n })
      timeline.schedule(event, at)
    }
    const timeline = new Timeline<Named & { at: number; n: number }>(
      clock,
      (e) => {
        fired.push({ at: clock.now(), n: e.n })
        // events schedule more (a third at whole seconds, so ties are common), up to 3,000 in all
        if (n < 3000) for (let k = 0; k < 2; k++) add(clock.now() + Math.floor(random.next() * 5) * 1000)
      },
      () => {},
    )
    // more than the first 1,024 slots at once: the arrays grow while the heap is full
    for (let k = 0; k < 1500; k++) add(Math.floor(random.next() * 60) * 1000)
    timeline.runUntil(10_000_000)
    expected.sort((a, b) => a.at - b.at || a.n - b.n)
    expect(fired).toEqual(expected)
    expect(fired.length).toBeGreaterThanOrEqual(3000)
  })

  it('runs the one-at-a-time stream (scheduleNext) in the same order as if it were in the heap', () => {
    // the same events through schedule() alone and with the "tick" stream beside the heap: identical logs
    const run = (stream: boolean) => {
      const clock = createSteppedClock(0)
      const log: string[] = []
      let ticks = 0
      const timeline: Timeline<Named> = new Timeline<Named>(
        clock,
        (e) => {
          log.push(`${e.name}@${clock.now()}`)
          if (e.name !== 'tick' || ++ticks >= 6) return
          // ticks every 10 ms, so ties with the 20 ms events are common; a tie goes to the one scheduled first
          if (stream) timeline.scheduleNext(named('tick'), clock.now() + 10)
          else timeline.schedule(named('tick'), clock.now() + 10)
          timeline.schedule(named(`after-${ticks}`), clock.now() + 20)
        },
        () => {},
      )
      timeline.schedule(named('x'), 10)
      if (stream) timeline.scheduleNext(named('tick'), 10)
      else timeline.schedule(named('tick'), 10)
      timeline.schedule(named('y'), 10)
      timeline.runUntil(1000)
      return log
    }
    const inHeap = run(false)
    expect(inHeap.slice(0, 3)).toEqual(['x@10', 'tick@10', 'y@10'])
    expect(inHeap).toContain('after-1@30')
    expect(run(true)).toEqual(inHeap)
  })

  it('refuses a second pending event of the stream', () => {
    const timeline = new Timeline<Named>(
      createSteppedClock(0),
      () => {},
      () => {},
    )
    timeline.scheduleNext(named('a'), 10)
    expect(() => timeline.scheduleNext(named('b'), 20)).toThrow(/has not fired yet/)
  })

  it('fires router timers in between, first at a shared instant, and settles at their instant', () => {
    const clock = createSteppedClock(0)
    const log: string[] = []
    const timeline = new Timeline<Named>(
      clock,
      (e) => {
        log.push(`${e.name}@${clock.now()}`)
        // an event may set router timers and schedule events, even at its own instant
        if (e.name === 'first') clock.setTimeout(() => log.push(`timer@${clock.now()}`), 5)
        if (e.name === 'first') timeline.schedule(named('now'), 0)
      },
      () => log.push(`settle@${clock.now()}`),
    )
    clock.setTimeout(() => log.push(`timer@${clock.now()}`), 20)
    timeline.schedule(named('first'), 10)
    timeline.schedule(named('tie'), 20)
    timeline.runUntil(100)
    expect(log).toEqual([
      'first@10',
      'settle@10',
      'now@10',
      'settle@10',
      'timer@15',
      'settle@15',
      'timer@20',
      'settle@20',
      'tie@20',
      'settle@20',
    ])
  })
})

const agents = Object.fromEntries(
  Array.from({ length: 4 }, (_, i) => [`p${i + 1}`, { groups: ['pool'], capacity: { voice: 1 } }]),
)
const directory: DirectoryDocument = {
  directory: 'sim',
  format: 1,
  groups: { pool: {}, backup: {} },
  agents: { ...agents, b1: { groups: ['backup'], capacity: { voice: 1 } } },
}
const pool = {
  strategy: 'pool',
  format: 1,
  start: 'pick',
  nodes: { pick: { type: 'target', targets: [{ group: 'pool' }] } },
} as StrategyDocument
const escalating = {
  strategy: 'escalating',
  format: 1,
  start: 'pick',
  nodes: {
    pick: {
      type: 'target',
      targets: [{ group: 'pool' }],
      escalate: [{ after: '20s', add: [{ group: 'backup' }] }],
    },
  },
} as StrategyDocument

const day = (overrides: Partial<SimulationOptions>) =>
  simulate({
    strategy: 'pool',
    strategies: [pool, escalating],
    directory,
    arrivalsPerHour: 100,
    ahtSeconds: 120,
    durationHours: 4,
    warmupHours: 0.5,
    seed: 5,
    ...overrides,
  })

describe('simulationSteps', () => {
  it("gives simulate's figures whatever the step, router timers and hang-ups cut at any event", () => {
    const options: SimulationOptions = {
      strategy: 'escalating',
      strategies: [pool, escalating],
      directory,
      arrivalsPerHour: 150,
      ahtSeconds: 120,
      patienceSeconds: 60,
      durationHours: 4,
      warmupHours: 0.5,
      seed: 9,
      countAgents: true,
    }
    const whole = simulate(options)
    for (const size of [1, 7, 1000]) {
      const steps = simulationSteps(options, size)
      const times: number[] = []
      let step = steps.next()
      for (; !step.done; step = steps.next()) times.push(step.value)
      expect(step.value as SimulationResult).toEqual(whole)
      // the simulated time only moves forward from step to step
      expect(times.every((time, i) => i === 0 || time >= times[i - 1]!)).toBe(true)
      expect(times.length).toBeGreaterThan(size === 1000 ? 0 : 100)
    }
  })
})

describe('simulate without observers', () => {
  it('gives the figures it gives with traces kept (an observer), hang-ups included', () => {
    const plain = day({ patienceSeconds: 60 })
    const observed = day({ patienceSeconds: 60, onEvent: () => {}, countNodes: true })
    expect(plain.abandoned).toBeGreaterThan(0)
    expect(plain.probabilityOfWaiting).toBeGreaterThan(0.2)
    const { nodeEntries, ...figures } = observed
    expect(nodeEntries?.['pool/pick']).toBeGreaterThan(plain.offered)
    expect(figures).toEqual(plain)
  })

  it("records a caller who ran out of patience as a caller hang-up, as a switch's CANCEL says", () => {
    const reasons = new Set<string | undefined>()
    const result = day({
      patienceSeconds: 60,
      onEvent: (event) => {
        if (event.type === 'finished' && event.outcome === 'abandoned') reasons.add(event.abandonReason)
      },
    })
    expect(result.abandoned).toBeGreaterThan(0)
    expect([...reasons]).toEqual(['caller-hangup'])
  })

  it('answers a caller routed by a router timer at that instant (escalation after 20 s)', () => {
    // nobody of the pool is logged in: every call waits for the escalation to the one backup agent
    const result = day({
      strategy: 'escalating',
      agents: ['b1'],
      arrivalsPerHour: 2,
      ahtSeconds: 30,
      durationHours: 200,
    })
    expect(result.problems).toEqual([])
    expect(result.answered).toBe(result.offered)
    expect(result.answered).toBeGreaterThan(300)
    // the rare caller who arrives while b1 still talks waits longer; everyone else exactly 20 s
    expect(result.asa).toBeGreaterThanOrEqual(20)
    expect(result.asa).toBeLessThan(21)
    expect(result.probabilityOfWaiting).toBe(1)
  })
})
