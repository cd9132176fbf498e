// The call book forgets an ended leg once its keep window has passed, and its figures still count it.
import { describe, expect, it } from 'vitest'
import { createCallBook } from './call-book.ts'
import { realTimers } from './timers.ts'

const MINUTE = 60_000

function make() {
  let t = 1_000_000
  const clock = {
    now: () => t,
    pass(ms: number) {
      t += ms
    },
  }
  const book = createCallBook(clock.now, { timers: realTimers, waitsKept: 3 })
  const call = (callId: string, leg?: number) =>
    book.open({
      callId,
      ftag: `f-${callId}`,
      ani: '100',
      dnis: '800',
      callerFrom: '<sip:100@h>',
      contact: '<sip:100@h>',
      ...(leg === undefined ? {} : { leg }),
    })
  return { book, clock, call }
}

describe('the call book over a long run', () => {
  it('keeps an ended leg two minutes, then forgets it while its figures still count it', () => {
    const { book, clock, call } = make()
    const a = call('a')
    book.update(a, { state: 'talking', agent: 'ann', answeredAt: clock.now() })
    book.answered(a)
    book.end(a, 'answered')
    const b = call('b')
    book.end(b, 'abandoned')
    const c = call('c')
    book.end(c, 'other')
    const d = call('d')

    clock.pass(MINUTE)
    // within the window: late events still find the ended legs
    expect(book.knows('a')).toBe(true)
    expect(book.views().map((v) => v.callId)).toEqual(['a', 'b', 'c', 'd'])

    clock.pass(MINUTE + 1)
    expect(book.views().map((v) => v.callId)).toEqual(['d'])
    expect(book.openRecords().map((r) => r.view.callId)).toEqual(['d'])
    expect(book.knows('a')).toBe(false)
    expect(book.byInteraction('b')).toBeUndefined()
    expect(book.figures()).toMatchObject({ answered: 1, abandoned: 1, other: 1, open: 1, waitCount: 1 })
    book.end(d, 'abandoned')
    expect(book.figures()).toMatchObject({ answered: 1, abandoned: 2, other: 1, open: 0 })
  })

  it("keeps a transfer's carried data for the next leg within the window, numbered after the last leg", () => {
    const { book, clock, call } = make()
    const first = call('t')
    book.update(first, { state: 'talking', agent: 'ann', answeredAt: clock.now() })
    first.data = { Line: 'support' }
    book.carry(first)
    book.end(first, 'answered')
    clock.pass(MINUTE)
    const next = call('t')
    expect(next.view.interaction).toBe('t~2')
    expect(next.view.attached).toEqual({ Line: 'support', TransferredFrom: 'ann' })

    // the first leg forgotten: the third is still numbered after the second, not after the count of legs kept
    clock.pass(MINUTE + 1)
    book.carry(next)
    book.end(next, 'answered')
    expect(call('t').view.interaction).toBe('t~3')
  })

  it("forgets a Call-ID's carried data with its last leg when no next leg came", () => {
    const { book, clock, call } = make()
    const first = call('x')
    first.data = { Line: 'support' }
    book.carry(first)
    book.end(first, 'answered')
    clock.pass(2 * MINUTE + 1)
    expect(book.views()).toEqual([])
    expect(call('x').view.attached).toEqual({})
  })

  it('keeps the last waits only, and the count and sum of all', () => {
    const { book, clock, call } = make()
    for (let i = 1; i <= 8; i++) {
      const rec = call(`w${i}`)
      clock.pass(i * 1000)
      book.update(rec, { state: 'talking', agent: 'ann', answeredAt: clock.now() })
      book.answered(rec)
      book.end(rec, 'answered')
    }
    expect(book.figures()).toMatchObject({ answered: 8, waits: [6, 7, 8], waitCount: 8, waitSeconds: 36 })
  })
})
