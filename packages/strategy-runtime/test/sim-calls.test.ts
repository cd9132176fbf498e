// The simulation's reused caller records: a caller comes back only once nothing holds it (its handling ended and
// its hang-up fell due), and a day with reuse still names every caller once, in arrival order.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { simulate } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { CallPool } from '../src/simulation/sim-calls.ts'

describe('CallPool', () => {
  it('reuses a handled caller at once, with every field set for the next one', () => {
    const pool = new CallPool()
    const first = pool.take('sim-1', 10, true, 0)
    first.answered = true
    first.handled = true
    first.handleMs = 95_000
    first.agent = 'ann'
    first.queuedAt = 12
    pool.release(first)
    const next = pool.take('sim-2', 20, false, 1)
    expect(next).toBe(first)
    expect({ ...next }).toEqual({
      kind: 2,
      id: 'sim-2',
      arrivedAt: 20,
      measured: false,
      interval: 1,
      reserved: false,
      queuedAt: -1,
      answered: false,
      done: false,
      handled: false,
      listed: false,
      hangUpPending: false,
      handleMs: 0,
      agent: '',
    })
  })

  it('keeps a caller whose hang-up is pending until it falls due, then reuses both', () => {
    const pool = new CallPool()
    const waiter = pool.take('sim-1', 0, true, 0)
    const hangUp = pool.hangUp(waiter)
    expect(hangUp.call).toBe(waiter)
    // answered and handled before its patience ran out: its hang-up still holds it
    waiter.answered = true
    waiter.handled = true
    pool.release(waiter)
    expect(pool.take('sim-2', 1, true, 0)).not.toBe(waiter)
    pool.hungUp(hangUp)
    expect(hangUp.call).toBeUndefined()
    expect(pool.take('sim-3', 2, true, 0)).toBe(waiter)
    expect(pool.hangUp(pool.take('sim-4', 3, true, 0))).toBe(hangUp)
  })

  it('does not reuse a caller still with an agent when its hang-up falls due', () => {
    const pool = new CallPool()
    const caller = pool.take('sim-1', 0, true, 0)
    const hangUp = pool.hangUp(caller)
    caller.answered = true
    pool.hungUp(hangUp)
    expect(pool.take('sim-2', 1, true, 0)).not.toBe(caller)
    expect(caller.id).toBe('sim-1')
  })
})

describe('simulate with reused callers', () => {
  it('completes every answered caller once, under its own id, in a day where callers wait and hang up', () => {
    const agents = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`a${i}`, { groups: ['pool'] }]))
    const directory: DirectoryDocument = { directory: 'd', format: 1, groups: { pool: {} }, agents }
    const strategy = {
      strategy: 'pool',
      format: 1,
      start: 't',
      nodes: { t: { type: 'target', targets: [{ group: 'pool' }] } },
    } as StrategyDocument
    const completed: string[] = []
    const result = simulate({
      strategy: 'pool',
      strategies: [strategy],
      directory,
      arrivalsPerHour: 170,
      ahtSeconds: 100,
      patienceSeconds: 60,
      durationHours: 6,
      warmupHours: 0,
      seed: 9,
      onComplete: (id) => completed.push(id),
    })
    expect(result.abandoned).toBeGreaterThan(20)
    expect(result.answered).toBeGreaterThan(500)
    expect(new Set(completed).size).toBe(completed.length)
    expect(completed.length).toBe(result.answered)
    expect(completed.every((id) => /^sim-\d+$/.test(id))).toBe(true)
  })

  it('names each failed caller by its arrival in problems, also where ids are reused', () => {
    // every caller runs past maxSteps (1,000) down a chain of nodes: it fails at once and its record (and id) serves
    // the next caller
    const nodes: Record<string, unknown> = { end: { type: 'end' } }
    for (let i = 0; i <= 1000; i++)
      nodes[`n${i}`] = { type: 'assign', set: { n: `${i}` }, next: i < 1000 ? `n${i + 1}` : 'end' }
    const loop = {
      strategy: 'loop',
      format: 1,
      start: 'n0',
      variables: { n: { type: 'int' } },
      nodes,
    } as StrategyDocument
    const directory: DirectoryDocument = { directory: 'd', format: 1, agents: { a0: {} } }
    const run = (onComplete?: () => void) =>
      simulate({
        strategy: 'loop',
        strategies: [loop],
        directory,
        arrivalsPerHour: 100,
        ahtSeconds: 60,
        durationHours: 2,
        warmupHours: 0,
        ...(onComplete ? { onComplete } : {}),
      }).problems
    const problems = run()
    expect(problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      'sim-1',
      'sim-2',
      'sim-3',
      'sim-4',
      'sim-5',
    ])
    // the same text as with ids not reused (a listener of completions turns reuse off)
    expect(problems).toEqual(run(() => {}))
  })
})

describe('CallPool.spareId', () => {
  it('offers the id of the record taken next, none once no spare is left', () => {
    const pool = new CallPool()
    const first = pool.take('sim-1', 0, true, 0)
    const second = pool.take('sim-2', 0, true, 0)
    expect(pool.spareId()).toBeUndefined()
    pool.release(first)
    pool.release(second)
    expect(pool.spareId()).toBe('sim-2')
    expect(pool.take('sim-2', 5, true, 0)).toBe(second)
    expect(pool.spareId()).toBe('sim-1')
    pool.take('sim-1', 6, true, 0)
    expect(pool.spareId()).toBeUndefined()
  })
})
