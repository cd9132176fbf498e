// The leader's commit pipeline without Redis: what is sent when, behind what, and what is sent again after a failure.
import { describe, expect, it } from 'vitest'
import {
  type Batch,
  type CommitWhen,
  checkedLinger,
  createCommitPipeline,
  type LingerTimers,
  MAX_IN_FLIGHT,
  type Verdict,
} from '../src/core/redis-commit-pipeline.ts'
import { commitOps } from './commit-ops.ts'

/** A batch carrying the names of the changes in it (as its events' tags). */
function batchOf(changes: string[]): Batch {
  return {
    holds: [],
    events: changes.map((c) => [c, '{}']),
    dirty: new Set(),
    agentsDirty: new Set(),
    generation: 0,
    reset: false,
    retired: [],
    epoch: 1,
    ops: commitOps({ maxEvents: 10, closedTtlMs: 1, maxClosed: 1 }),
  }
}

/**
 * A pipeline over a fake Redis whose answers the test gives, one commit at a time, in the order sent; two commits
 * on their way at most unless `maxInFlight` says otherwise (serve's default, MAX_IN_FLIGHT, is one).
 */
function make(maxInFlight: number | 'default' = 2, linger?: { ms: number; timers: LingerTimers }) {
  let pending: string[] = []
  const sent: Array<{ id: string; after: string | undefined; changes: string[]; answer(a: unknown): void }> =
    []
  const applied: string[] = []
  const pipeline = createCommitPipeline({
    idPrefix: 'p#',
    ...(maxInFlight === 'default' ? {} : { maxInFlight }),
    ...(linger ? { lingerMs: linger.ms, timers: linger.timers } : {}),
    take(failed) {
      const changes = [...failed.flatMap((b) => b.events.map((e) => e[0])), ...pending]
      pending = []
      return changes.length > 0 ? batchOf(changes) : undefined
    },
    commit(batch, id, after) {
      return new Promise((resolve) =>
        sent.push({ id, after, changes: batch.events.map((e) => e[0]), answer: resolve }),
      )
    },
    idle: () => pending.length === 0,
    settle(batch, answer): Verdict {
      if (answer === 'gap') return 'again'
      if (!Array.isArray(answer)) return { error: new Error(String(answer)), keep: true }
      applied.push(...batch.events.map((e) => e[0]))
      return 'applied'
    },
  })
  const change = (name: string, when?: CommitWhen) => {
    pending.push(name)
    return pipeline.schedule(when)
  }
  return { change, sent, applied, flushed: pipeline.flushed }
}

const turn = () => new Promise((resolve) => setImmediate(resolve))
/** Lets promise reactions run, but no turn of the event loop pass. */
const reactions = async () => {
  for (let i = 0; i < 10; i++) await null
}

describe('the commit pipeline', () => {
  it('sends a commit behind the one on its way, naming it, then gathers changes until one is answered', async () => {
    const { change, sent, applied } = make()
    const first = change('a')
    await turn()
    const second = change('b')
    await turn()
    void change('c')
    await turn()
    const fourth = change('d')
    await turn()
    // two on their way: c and d wait for an answer, then leave together, behind b
    expect(sent.map((s) => [s.id, s.after, s.changes])).toEqual([
      ['p#c1', undefined, ['a']],
      ['p#c2', 'p#c1', ['b']],
    ])
    sent[0]!.answer(['ok'])
    await first
    await turn()
    expect(sent.map((s) => s.changes)).toEqual([['a'], ['b'], ['c', 'd']])
    expect(sent[2]!.after).toBe('p#c2')
    sent[1]!.answer(['ok'])
    sent[2]!.answer(['ok'])
    await second
    await fourth
    expect(applied).toEqual(['a', 'b', 'c', 'd'])
  })

  it('sends every failed batch again, in order and unchecked, once nothing is on its way', async () => {
    const { change, sent, applied } = make()
    const first = change('a').catch((error: Error) => error.message)
    await turn()
    const second = change('b')
    await turn()
    // a is refused; b, sent behind it, is refused as a gap; c comes meanwhile
    sent[0]!.answer('lost')
    expect(await first).toBe('lost')
    void change('c')
    sent[1]!.answer('gap')
    await turn()
    await turn()
    expect(sent.map((s) => [s.after, s.changes])).toEqual([
      [undefined, ['a']],
      ['p#c1', ['b']],
      [undefined, ['a', 'b', 'c']],
    ])
    // b's caller learns of its commit once the batch that carries it again is applied
    sent[2]!.answer(['ok'])
    await second
    expect(applied).toEqual(['a', 'b', 'c'])
  })

  it('sends a change someone waits on before the turn ends, with what is pending, but not a third on its way', async () => {
    const { change, sent, applied } = make()
    void change('a')
    const first = change('b', 'soon')
    await reactions()
    expect(sent.map((s) => [s.id, s.after, s.changes])).toEqual([['p#c1', undefined, ['a', 'b']]])
    const second = change('c', 'soon')
    await reactions()
    expect(sent.map((s) => [s.id, s.after, s.changes])[1]).toEqual(['p#c2', 'p#c1', ['c']])
    // two on their way: hurrying does not send a third, it leaves once one is answered
    const third = change('d', 'soon')
    void change('e')
    await reactions()
    await turn()
    expect(sent).toHaveLength(2)
    sent[0]!.answer(['ok'])
    await first
    await reactions()
    expect(sent.map((s) => [s.id, s.after, s.changes])[2]).toEqual(['p#c3', 'p#c2', ['d', 'e']])
    sent[1]!.answer(['ok'])
    sent[2]!.answer(['ok'])
    await second
    await third
    expect(applied).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('answers a flush with nothing pending once the last commit is applied, without waiting for a turn', async () => {
    const { change, sent, flushed } = make()
    void change('a', 'soon')
    await reactions()
    let done = false
    const waited = flushed().then(() => {
      done = true
    })
    await reactions()
    expect(done).toBe(false)
    sent[0]!.answer(['ok'])
    await reactions()
    expect(done).toBe(true)
    await waited
    // nothing new: no commit was sent for it
    expect(sent).toHaveLength(1)
  })

  it('by default sends one commit at a time: what comes meanwhile, a submit too, leaves in one behind it', async () => {
    expect(MAX_IN_FLIGHT).toBe(1)
    const { change, sent, applied } = make('default')
    const first = change('a', 'soon')
    await reactions()
    const second = change('b')
    await turn()
    const third = change('c', 'soon')
    await reactions()
    await turn()
    // one on its way: b and c wait for its answer however urgent, then go together, naming it
    expect(sent.map((s) => [s.id, s.after, s.changes])).toEqual([['p#c1', undefined, ['a']]])
    sent[0]!.answer(['ok'])
    await first
    await reactions()
    expect(sent.map((s) => [s.id, s.after, s.changes])[1]).toEqual(['p#c2', 'p#c1', ['b', 'c']])
    sent[1]!.answer(['ok'])
    await second
    await third
    expect(applied).toEqual(['a', 'b', 'c'])
  })
})

/** Timers the test fires by hand: what is set, for how long, and whether it was cleared. */
function handTimers() {
  const set: Array<{ ms: number; fire(): void; cleared: boolean }> = []
  const timers: LingerTimers = {
    setTimeout(callback, ms) {
      const timer = { ms, fire: callback, cleared: false }
      set.push(timer)
      return timer
    },
    clearTimeout(handle) {
      ;(handle as { cleared: boolean }).cleared = true
    },
  }
  return { timers, set, live: () => set.filter((t) => !t.cleared) }
}

describe('the commit pipeline with a linger', () => {
  it('keeps lingering changes, however many turns pass, until a submit takes them in its commit', async () => {
    const { timers, live } = handTimers()
    const { change, sent, applied } = make('default', { ms: 2, timers })
    const confirm = change('confirm', 'linger')
    const complete = change('complete', 'linger')
    await turn()
    await turn()
    expect(sent).toHaveLength(0)
    // one timer bounds them all, from the first
    expect(live().map((t) => t.ms)).toEqual([2])
    const submit = change('submit', 'soon')
    await reactions()
    expect(sent.map((s) => s.changes)).toEqual([['confirm', 'complete', 'submit']])
    expect(live()).toHaveLength(0)
    sent[0]!.answer(['ok'])
    await Promise.all([confirm, complete, submit])
    expect(applied).toEqual(['confirm', 'complete', 'submit'])
  })

  it('commits lingering changes once the bound passes, and a flush waits for that without hurrying it', async () => {
    const { timers, live } = handTimers()
    const { change, sent, flushed } = make('default', { ms: 2, timers })
    let done = false
    const confirm = change('confirm', 'linger')
    const waited = flushed().then(() => {
      done = true
    })
    await turn()
    await turn()
    expect(sent).toHaveLength(0)
    live()[0]!.fire()
    await reactions()
    expect(sent.map((s) => s.changes)).toEqual([['confirm']])
    expect(done).toBe(false)
    sent[0]!.answer(['ok'])
    await confirm
    await waited
    expect(done).toBe(true)
  })

  it('commits at the next turn when a change nobody may keep waiting comes (a routed event)', async () => {
    const { timers, live } = handTimers()
    const { change, sent } = make('default', { ms: 2, timers })
    void change('confirm', 'linger')
    void change('routed', 'turn')
    // a lingering change after it does not hold the turn back
    void change('agent-ready', 'linger')
    expect(live()).toHaveLength(0)
    await turn()
    expect(sent.map((s) => s.changes)).toEqual([['confirm', 'routed', 'agent-ready']])
  })

  it('with a linger of 0 commits a lingering change at the next turn, as without one, setting no timer', async () => {
    const { timers, set } = handTimers()
    const { change, sent } = make('default', { ms: 0, timers })
    void change('confirm', 'linger')
    expect(sent).toHaveLength(0)
    await turn()
    expect(sent.map((s) => s.changes)).toEqual([['confirm']])
    expect(set).toHaveLength(0)
  })

  it('refuses a linger that is not a whole number of ms from 0 to 50', () => {
    expect(checkedLinger(0)).toBe(0)
    expect(checkedLinger(50)).toBe(50)
    for (const wrong of [-1, 51, 1.5, Number.NaN])
      expect(() => checkedLinger(wrong)).toThrow(/whole number of ms from 0 to 50/)
  })
})
