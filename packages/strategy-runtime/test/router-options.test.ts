// createRouter's options from plain JavaScript (no types to help): a wrong shape is a TypeError naming the option,
// thrown before anything is built, instead of a TypeError from deep inside or events silently going nowhere.
import { createRouter, createSimulatedClock, type RouterOptions } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeDirectory, makeStrategy, salesTarget, setup, T0 } from './fixtures.ts'

function make(overrides: Record<string, unknown>): () => unknown {
  const options = { strategies: [salesTarget], directory: makeDirectory(), clock: createSimulatedClock(T0) }
  return () => createRouter({ ...options, ...overrides } as unknown as RouterOptions)
}

describe('createRouter options of the wrong shape', () => {
  it.each([
    [
      { clock: undefined },
      'createRouter: clock must be a Clock { now, setTimeout, clearTimeout } (got undefined',
    ],
    [
      { clock: 'real' },
      'createRouter: clock must be a Clock { now, setTimeout, clearTimeout } (got string "real")',
    ],
    [
      { strategies: { test: salesTarget } },
      'strategies must be an array of strategy documents or a Map by id (got an object)',
    ],
    [{ onEvent: 'log' }, 'createRouter: onEvent must be a function (got string "log")'],
    [{ onProblem: {} }, 'createRouter: onProblem must be a function (got an object)'],
    [
      { random: Math.random },
      'random must be { next(): number } such as createSeededRandom(seed) (got a function)',
    ],
    [{ stats: {} }, 'stats must be a StatProvider { name, read, agentStatus, subscribe } (got an object)'],
    [{ functions: [] }, 'functions must be an object of host functions by name (got an array)'],
    [
      { functions: { lookup: 'crm' } },
      'createRouter: functions.lookup must be a function (got string "crm")',
    ],
    [{ limits: 50 }, 'limits must be an object such as { maxWaiting: 50000 } (got number 50)'],
    [
      { limits: { maxWaiting: '50' } },
      'createRouter: limits.maxWaiting must be a number >= 0 (got string "50")',
    ],
    [
      { limits: { maxSteps: Number.NaN } },
      'createRouter: limits.maxSteps must be a number >= 0 (got number NaN)',
    ],
    [
      { limits: { maxWaitng: 5 } },
      'createRouter: limits.maxWaitng is not a limit; the limits are maxSteps, maxWaiting',
    ],
    [{ limits: { explainSummary: 'yes' } }, 'createRouter: limits.explainSummary must be true or false'],
    [{ limits: { reservationIds: 0 } }, 'createRouter: limits.reservationIds must be true or false'],
  ])('%o is refused with a message naming the option', (overrides, text) => {
    expect(make(overrides)).toThrow(TypeError)
    expect(make(overrides)).toThrow(text)
  })

  it('refuses options that are not an object', () => {
    expect(() => createRouter(undefined as never)).toThrow(
      'createRouter: options must be an object { strategies, directory, clock, ... } (got undefined)',
    )
  })

  it('keeps the default of a limit given as undefined: a loop still stops at maxSteps', () => {
    const loop = makeStrategy(
      {
        a: { type: 'assign', set: { n: 'n + 1' }, next: 'b' },
        b: { type: 'assign', set: { n: 'n + 1' }, next: 'a' },
      },
      { variables: { n: { type: 'int' } } },
    )
    const { router, of } = setup([loop], { unchecked: true, limits: { maxSteps: undefined } as never })
    router.submit({ id: 'l', strategy: 'test' })
    expect(of('failed', 'l')[0]?.reason).toContain('loops without end')
  })
})
