// The routing process's commits to Redis: what changes while one is on its way gathers into the next. With
// `maxInFlight` above one they are pipelined (Redis applies and answers them in the order sent on one connection),
// each naming the one before it, so one that lands behind a commit Redis did not apply is refused ('gap') and every
// failed batch is sent again, in order. A change nobody's routing waits on may linger a moment (`lingerMs`) to ride
// the next urgent commit instead of making its own.
import type { CommitHold, CommitOps } from './redis-scripts.ts'
import type { ServerEvent } from './types.ts'

/** [tag, event JSON, input JSON?, the event itself (delivered as is in this process, once committed)]. */
export type PendingEvent = [tag: string, json: string, input?: string | undefined, event?: ServerEvent]

/** One commit's changes, kept until Redis took them, so a failed one is sent again. */
export interface Batch {
  holds: CommitHold[]
  events: PendingEvent[]
  dirty: Set<string>
  agentsDirty: Set<string>
  generation: number
  reset: boolean
  /** The version made current, with its stored copy. */
  current?: [version: string, stored: string]
  /** Versions whose stored copy it removes from Redis (retired, and no stored interaction names them). */
  retired: string[]
  /** The epoch it was sent under. */
  epoch: number
  ops: CommitOps
}

/** What Redis's answer means: applied, to be sent again (behind a failure), or an error (kept for a resend or not). */
export type Verdict = 'applied' | 'again' | { error: Error; keep: boolean }

export interface CommitPipelineOptions {
  /** A prefix making commit ids unique to this process. */
  idPrefix: string
  /** Everything pending as one batch, the `failed` ones first, in order; undefined when there is nothing to write. */
  take(failed: Batch[]): Batch | undefined
  /** Sends one commit: its id, and the id of the commit it follows (undefined: check nothing). */
  commit(batch: Batch, id: string, after: string | undefined): Promise<unknown>
  /** Reads Redis's answer (and, when applied, delivers the batch's events). */
  settle(batch: Batch, answer: unknown): Verdict
  /** Nothing is pending (take would answer undefined): a flush waits for the last commit only. */
  idle?(): boolean
  /** Commits on their way at most (default MAX_IN_FLIGHT); behind them changes gather into the next commit. */
  maxInFlight?: number
  /** How long a lingering change waits at most for an urgent commit to ride (0: it commits at the next turn). */
  lingerMs?: number
  /** The lingering changes' timer (default Node's): injected so tests decide when the bound has passed. */
  timers?: LingerTimers
}

/** Sets and clears the one timer that bounds a linger. */
export interface LingerTimers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/**
 * How soon a change is committed: `soon` once the code running now and its promise reactions are done (a submit:
 * its command goes to the Redis client in this turn, which writes it at the end of the turn, not a turn later);
 * `turn` at the next turn of the event loop (so a burst goes in one commit); `linger` within `lingerMs`, or sooner
 * with a `soon` or `turn` change made meanwhile. A later, more urgent change hurries what lingers; never the reverse.
 */
export type CommitWhen = 'soon' | 'turn' | 'linger'

const URGENCY: Record<CommitWhen, number> = { linger: 0, turn: 1, soon: 2 }

/** Off by default: in quiet A/B pairs at 1,000/s a 2 ms linger halved commits but batched hosts' p99 rose (README). */
export const DEFAULT_COMMIT_LINGER_MS = 0
/** More would hold a confirm's or a complete's reply longer than a routed event takes to reach its host. */
export const MAX_COMMIT_LINGER_MS = 50

export interface CommitPipeline {
  /** Commits what is pending `when` (default `turn`), or sooner; resolves once Redis took it. */
  schedule(when?: CommitWhen): Promise<void>
  /** Resolves once every change so far is in Redis, hurrying nothing: what lingers still waits for its commit. */
  flushed(): Promise<void>
}

/**
 * Commits on their way at most: one. Changes made while it is on its way gather into the next commit, sent once it
 * is answered, so a busy process sends fewer, larger commits instead of more Lua calls for Redis and more CPU for
 * itself. Two (one more sent behind the one Redis runs, so a submit's commit need not wait up to a round trip)
 * measured worse with Redis at 1,000/s on the shared 2-core machine: with one, 0.37-0.94 of the commits, 0.94 of the
 * CPU per interaction and 0.81 of the submit -> routed p99 (medians of 13 pairs; server docs/performance-log.md, eleventh pass).
 * The pipeline still checks and resends commits sent behind another (`maxInFlight` above one).
 */
export const MAX_IN_FLIGHT = 1

/** The linger as given, or a RangeError that says what is allowed. */
export function checkedLinger(ms: number): number {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_COMMIT_LINGER_MS)
    throw new RangeError(
      `The commit linger is a whole number of ms from 0 to ${MAX_COMMIT_LINGER_MS} (got ${ms})`,
    )
  return ms
}

export function createCommitPipeline(options: CommitPipelineOptions): CommitPipeline {
  const maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT
  const lingerMs = checkedLinger(options.lingerMs ?? 0)
  const timers: LingerTimers = options.timers ?? { setTimeout, clearTimeout: (h) => clearTimeout(h as never) }
  let scheduled: Promise<void> | undefined
  /** How soon the scheduled flush starts; undefined: it waits for an answer (nothing hurries it). */
  let due: CommitWhen | undefined
  /** Starts the scheduled flush (as a promise reaction). */
  let start: (() => void) | undefined
  /** Clears the turn or timer the scheduled flush waits for, once it started or was hurried. */
  let cancelWait: (() => void) | undefined
  let outstanding = 0
  /** Called once the next commit on its way is answered. */
  let onAnswer: Array<() => void> = []
  let commitSeq = 0
  /** The id of the last commit sent, which the next one follows; undefined: the next is sent unchecked. */
  let lastSent: string | undefined
  /** Settles (never rejects) once the last commit sent is answered. */
  let inFlight: Promise<void> = Promise.resolve()
  /** The last commit's outcome: what a flush with nothing new waits for. */
  let lastCommit: Promise<void> = Promise.resolve()
  /** Batches Redis did not take (down, emptied, or behind one of those), in the order they were sent. */
  const failed: Batch[] = []
  let recovering: Promise<void> | undefined

  function schedule(when: CommitWhen = 'turn'): Promise<void> {
    // what a flush would answer, a turn sooner: a command's reply (every command waits for its changes to be in
    // Redis, most often already sent with its routed event) need not wait for the next turn of the event loop
    if (!scheduled && failed.length === 0 && !recovering && options.idle?.()) return lastCommit
    if (!scheduled) {
      scheduled = new Promise<void>((resolve) => {
        start = resolve
      }).then(flush)
      // a failed commit is reported to whoever awaits it (a command answers 503) and to onFault, never unhandled
      scheduled.catch(() => {})
      wait(when)
    } else if (due !== undefined && URGENCY[when] > URGENCY[due]) wait(when)
    return scheduled
  }

  /** The scheduled flush starts `when`, instead of when it would have. */
  function wait(when: CommitWhen): void {
    cancelWait?.()
    cancelWait = undefined
    const go = start!
    due = when
    if (when === 'soon') go()
    else if (when === 'turn' || lingerMs === 0) {
      const turn = setImmediate(go)
      cancelWait = () => clearImmediate(turn)
    } else {
      const timer = timers.setTimeout(go, lingerMs)
      cancelWait = () => timers.clearTimeout(timer)
    }
  }

  function flushed(): Promise<void> {
    return scheduled ?? schedule('turn')
  }

  function flush(): Promise<void> {
    scheduled = undefined
    cancelWait?.()
    cancelWait = undefined
    start = undefined
    due = undefined
    if (failed.length > 0 || recovering) return recover()
    if (outstanding >= maxInFlight) {
      // what comes meanwhile joins this commit, sent as soon as one on its way is answered (nothing hurries it)
      scheduled = new Promise<void>((resolve) => onAnswer.push(resolve)).then(flush)
      scheduled.catch(() => {})
      return scheduled
    }
    const batch = options.take([])
    return batch ? send(batch) : lastCommit
  }

  /** Once every commit on its way is answered: the failed batches, then what is pending, in one unchecked commit. */
  function recover(): Promise<void> {
    recovering ??= inFlight.then(() => {
      recovering = undefined
      lastSent = undefined
      const batch = options.take(failed.splice(0))
      return batch ? send(batch) : lastCommit
    })
    return recovering
  }

  function send(batch: Batch): Promise<void> {
    const id = `${options.idPrefix}c${++commitSeq}`
    const answered = options.commit(batch, id, lastSent)
    lastSent = id
    outstanding++
    const done = () => {
      outstanding--
      const waiting = onAnswer
      onAnswer = []
      for (const resolve of waiting) resolve()
    }
    // registered before `inFlight`'s: a batch that failed is in `failed` before a recovery takes them
    const outcome = answered.then(
      (answer): Promise<void> | undefined => {
        const verdict = options.settle(batch, answer)
        if (verdict === 'applied') return undefined
        if (verdict === 'again') {
          failed.push(batch)
          return recover()
        }
        if (verdict.keep) failed.push(batch)
        throw verdict.error
      },
      (error: unknown) => {
        failed.push(batch)
        throw error
      },
    )
    inFlight = answered.then(done, done)
    lastCommit = outcome.then(() => {})
    lastCommit.catch(() => {})
    return lastCommit
  }

  return { schedule, flushed }
}
