// One bound on a wait (serve's readiness read, its seed's reads, a stop's waits, the Redis connect): the value, or
// late once the time passed, with no timer left behind and no unhandled rejection from work that failed afterwards.
import { describe, expect, it } from 'vitest'
import { raceWithin } from '../src/race-within.ts'
import { isPostgresStore } from '../src/store-url.ts'

describe('raceWithin', () => {
  it('gives the value of work that settles first, and a rejection as a rejection', async () => {
    expect(await raceWithin(Promise.resolve(7), 10_000)).toEqual({ late: false, value: 7 })
    await expect(raceWithin(Promise.reject(new Error('refused')), 10_000)).rejects.toThrow('refused')
  })

  it('says late when work never settles, and a later failure of it is handled', async () => {
    let fail: (error: Error) => void = () => {}
    const work = new Promise<number>((_, reject) => {
      fail = reject
    })
    expect(await raceWithin(work, 0)).toEqual({ late: true })
    const unhandled: unknown[] = []
    const note = (reason: unknown) => void unhandled.push(reason)
    process.on('unhandledRejection', note)
    try {
      fail(new Error('after the bound'))
      await new Promise((resolve) => setImmediate(resolve))
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('unhandledRejection', note)
    }
    expect(unhandled).toEqual([])
  })
})

describe('isPostgresStore', () => {
  it.each([
    ['postgres://u@h/db', true],
    ['postgresql://u@h/db', true],
    ['sqlite:history.db', false],
    ['sqlite::memory:', false],
    ['mypostgres://x', false],
  ])('%s → %s', (store, expected) => expect(isPostgresStore(store)).toBe(expected))
})
