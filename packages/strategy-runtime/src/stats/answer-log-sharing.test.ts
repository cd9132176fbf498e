import { describe, expect, it } from 'vitest'
import { type AnswerLogHolder, logAnswer, SharedAnswerLog } from './answer-log-sharing.ts'
import { AnswerLog } from './memory-series.ts'

const HORIZON = 26 * 3_600_000

function subject(): { queue: AnswerLogHolder } {
  return { queue: { log: new SharedAnswerLog(HORIZON) } }
}

/** What a log holds, as a threshold's replay and the snapshot's last answers see it. */
function contents(log: AnswerLog): unknown {
  const last: number[] = []
  log.forEachLast(Number.POSITIVE_INFINITY, (time, wait) => last.push(time, wait))
  const within = [0, 5_000, 20_000, 59_000].map((threshold) => {
    const out: number[] = []
    log.forEachWithin(threshold, (time, count) => out.push(time, count))
    return out
  })
  return { size: log.size, last, within }
}

describe('logAnswer', () => {
  it('keeps one log for subjects told the same answers, and splits it when some are told an answer alone', () => {
    const [queue, sales, support, vip] = [subject(), subject(), subject(), subject()]
    const logs = () => [queue, sales, support, vip].map((s) => s.queue.log)
    for (let k = 0; k < 100; k++) logAnswer([queue, sales, support, vip], k * 1000, k)
    expect(new Set(logs()).size).toBe(1)
    expect(queue.queue.log.size).toBe(100)
    // one told alone: it moves to a copy, the three others keep the log
    logAnswer([vip], 100_000, 7)
    expect(logs().map((log) => log.size)).toEqual([100, 100, 100, 101])
    expect(new Set(logs()).size).toBe(2)
    // two of the three told: those two move to one copy together
    logAnswer([sales, support], 101_000, 8)
    expect(sales.queue.log).toBe(support.queue.log)
    expect(logs().map((log) => log.size)).toEqual([100, 101, 101, 101])
    expect(logs().map((log) => log.sharers)).toEqual([1, 2, 2, 1])
  })

  // a queue, its two groups, a group of another queue and a subject first answered hours later: each subject's
  // log, shared or split, holds exactly what a log of its own told only its answers holds (ring and binned hours)
  it.each([1, 2, 3])('reads as a log of its own for each subject (seed %i)', (seed) => {
    const subjects = Array.from({ length: 5 }, subject)
    const own = subjects.map(() => new AnswerLog(HORIZON))
    const sets = [[0, 1, 2], [0, 1, 2], [0, 1, 2, 3], [1, 3], [2], [0, 1], [1, 2, 3], [3]]
    let state = seed
    const rnd = (n: number) => {
      state = (state * 1103515245 + 12345) & 0x7fffffff
      return state % n
    }
    const start = Date.UTC(2026, 11, 1, 0, 7)
    for (let at = start; at < start + 30 * 3_600_000; at += 1 + rnd(40_000)) {
      const set =
        at > start + 5 * 3_600_000 && rnd(4) === 0 ? [4, ...sets[rnd(sets.length)]!] : sets[rnd(sets.length)]!
      const wait = rnd(60_000)
      logAnswer(
        set.map((i) => subjects[i]!),
        at,
        wait,
      )
      for (const i of set) own[i]!.push(at, wait)
    }
    subjects.forEach((s, i) => {
      expect([i, contents(s.queue.log)]).toEqual([i, contents(own[i]!)])
    })
    // every log counts its subjects right: the logs of the five hold five sharers in all
    const logs = new Set(subjects.map((s) => s.queue.log))
    expect([...logs].reduce((n, log) => n + log.sharers, 0)).toBe(5)
  })
})
