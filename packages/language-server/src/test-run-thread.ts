// A test file's run off the server's thread: a worker thread of its own while it runs (test-run-worker.ts, built
// beside the bundle or in dist/; taken ready from spare-worker.ts and given back), asked for one case at a time. A stop sets the shared flag
// the worker reads between clock firings; a case that has passed no firing for a grace (one firing running long)
// has its worker ended, so a stop never waits a firing out. A case still running when the run's budget is spent
// has its worker ended too.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { RunWorker } from './spare-worker.ts'
import type { TestRunDocuments, TestRunReply, TestRunRequest } from './test-run-worker.ts'

/**
 * How long a stopped case may pass no clock firing, counted from before the stop too, before its thread is ended
 * (one firing running long): a case in a long firing for that long already is ended at once. A case of short
 * firings passes thousands in it (it was 500 ms, counted from the stop: every stop of a long firing took that).
 */
export const STOP_GRACE_MS = 150
/** How often the server's thread looks whether the case passed a firing (the grace is counted in these). */
const WATCH_MS = 50
/**
 * How long a case may take to its first clock firing once stopped: a fresh worker's first case runs cold code
 * there, which passed 500 ms under load (2 cores, load 11) and would have lost its "where it got" line.
 */
const COLD_GRACE_MS = 3000

/** Why a case stopped in the middle of a clock firing has no "where it got" line. */
export const STOPPED_MID_FIRING =
  'stopped before it finished: the run was stopped (in the middle of a clock firing, so where it got is not known)'

/**
 * One case's end, as the worker reported it (`timedOut`: still running when the run's budget was spent, its worker
 * ended); `failed`: the worker crashed or threw (the run cannot go on).
 */
export type CaseOutcome =
  | { passed: boolean; stopped: boolean; message: string; timedOut?: true }
  | { failed: string }

export interface CaseThread {
  /**
   * Runs the scenario at `index`; once `signal` aborts the case ends stopped (its thread ended if it must), and
   * still running after `budgetMs` it ends timed out (its thread ended).
   */
  run(index: number, signal: AbortSignal, budgetMs?: number): Promise<CaseOutcome>
  close(): Promise<void>
}

/** The built worker script: beside this module (the CLI's bundle, the extension's) or, run from source, in dist/. */
export function testRunWorkerScript(): string | undefined {
  for (const candidate of ['./test-run-worker.js', './test-run-worker.mjs', '../dist/test-run-worker.js']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url))
    if (existsSync(file)) return file
  }
  return undefined
}

export interface CaseThreadOptions {
  /** A started worker (spare-worker.ts), this run's alone until it closes: then given back (`release`) or ended. */
  thread: RunWorker
  documents: TestRunDocuments
  graceMs?: number
  /** Takes the worker back when the run closes with it alive (spare-worker.ts); without it, it is ended. */
  release?: (thread: RunWorker) => void
}

/** Hands the run's documents to its worker thread. */
export function startCaseThread({
  thread,
  documents,
  graceMs = STOP_GRACE_MS,
  release,
}: CaseThreadOptions): CaseThread {
  const { worker, words } = thread
  let dead: string | undefined
  let pending: ((outcome: CaseOutcome) => void) | undefined
  const settle = (outcome: CaseOutcome) => {
    const resolve = pending
    pending = undefined
    resolve?.(outcome)
  }
  /** Told when the worker starts the case it was asked for (loading the worker can take longer than the grace). */
  let onStarted: (() => void) | undefined
  const onMessage = (reply: TestRunReply) => {
    if ('started' in reply) onStarted?.()
    // the runtime throwing on a case fails that case, as on the server's thread; the run goes on
    else
      settle(
        'error' in reply
          ? { passed: false, stopped: false, message: `the runtime failed: ${reply.error}` }
          : reply,
      )
  }
  const onError = (error: unknown) => {
    dead = error instanceof Error ? error.message : String(error)
    settle({ failed: `its worker thread failed: ${dead}` })
  }
  const onExit = (code: number) => {
    dead ??= `it exited with code ${code}`
    settle({ failed: `its worker thread ended: ${dead}` })
  }
  worker.on('message', onMessage)
  worker.on('error', onError)
  worker.on('exit', onExit)

  function run(index: number, signal: AbortSignal, budgetMs?: number): Promise<CaseOutcome> {
    if (dead !== undefined) return Promise.resolve({ failed: `its worker thread failed: ${dead}` })
    return new Promise<CaseOutcome>((resolve) => {
      let started = false
      // the look count as last seen, and for how many watches since it has not moved: how long the case has been
      // in its current firing (the worker reads the stop flag before each firing and then answers)
      let seen = Atomics.load(words, 1)
      let still = 0
      const stuck = () => {
        if (!started || !signal.aborted) return false
        const grace = seen === 0 ? Math.max(graceMs, COLD_GRACE_MS) : graceMs
        return still * WATCH_MS >= grace
      }
      const end = (outcome: CaseOutcome, why: string) => {
        dead = why
        settle(outcome)
        void worker.terminate()
      }
      const stopMidFiring = () => {
        if (pending === done && stuck())
          end({ passed: false, stopped: true, message: STOPPED_MID_FIRING }, 'ended by a stop')
      }
      const watch = setInterval(() => {
        const now = Atomics.load(words, 1)
        if (now !== seen) {
          seen = now
          still = 0
        } else still++
        stopMidFiring()
      }, WATCH_MS)
      // armed once the worker runs the case: loading a fresh worker (seconds under load) is not the case's time
      let cut: ReturnType<typeof setTimeout> | undefined
      const armCut = () => {
        if (budgetMs === undefined || cut !== undefined) return
        cut = setTimeout(() => {
          if (pending === done)
            end({ passed: false, stopped: false, timedOut: true, message: '' }, 'ended: the budget was spent')
        }, budgetMs)
      }
      const onAbort = () => {
        Atomics.store(words, 0, 1)
        stopMidFiring()
      }
      onStarted = () => {
        started = true
        armCut()
        still = 0
        stopMidFiring()
      }
      const done = (outcome: CaseOutcome) => {
        clearInterval(watch)
        clearTimeout(cut)
        onStarted = undefined
        signal.removeEventListener('abort', onAbort)
        resolve(outcome)
      }
      pending = done
      signal.addEventListener('abort', onAbort)
      try {
        worker.postMessage({ index } satisfies TestRunRequest)
      } catch (error) {
        settle({ failed: `its worker thread could not be asked: ${(error as Error).message}` })
        return
      }
      if (signal.aborted) Atomics.store(words, 0, 1)
    })
  }

  // the documents go first: a worker taken ready has loaded and waits for them
  try {
    worker.postMessage({ documents } satisfies TestRunRequest)
  } catch (error) {
    dead = `it could not be given the documents: ${(error as Error).message}`
  }

  return {
    run,
    close: async () => {
      if (dead !== undefined) return
      dead = 'closed'
      // a worker no stop, budget or crash ended waits for the next run (`release`); else it ends here
      if (release) {
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
        release(thread)
      } else await worker.terminate()
    },
  }
}
