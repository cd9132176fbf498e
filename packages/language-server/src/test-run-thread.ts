// A test file's run off the server's thread: one worker thread per run (test-run-worker.ts, built beside the
// bundle or in dist/), asked for one case at a time. A stop sets the shared flag the worker reads between clock
// firings; a case that passes no firing for a grace after it (one firing running long) has its worker ended, so a
// stop never waits a firing out.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { TestRunReply, TestRunWorkerData } from './test-run-worker.ts'

/** How long a stopped case may pass no clock firing before its thread is ended (one firing running long). */
export const STOP_GRACE_MS = 500
/**
 * Graces a case may take to its first clock firing: a fresh worker's first case runs cold code there, which passed
 * 500 ms under load (2 cores, load 11) and would have lost its "where it got" line.
 */
const COLD_LOOKS = 6

/** Why a case stopped in the middle of a clock firing has no "where it got" line. */
export const STOPPED_MID_FIRING =
  'stopped before it finished: the run was stopped (in the middle of a clock firing, so where it got is not known)'

/** One case's end, as the worker reported it; `failed`: the worker crashed or threw (the run cannot go on). */
export type CaseOutcome = { passed: boolean; stopped: boolean; message: string } | { failed: string }

export interface CaseThread {
  /** Runs the scenario at `index`; once `signal` aborts the case ends stopped (its thread ended if it must). */
  run(index: number, signal: AbortSignal): Promise<CaseOutcome>
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
  script: string
  data: Omit<TestRunWorkerData, 'shared'>
  graceMs?: number
}

/** Starts the run's worker thread. */
export function startCaseThread({ script, data, graceMs = STOP_GRACE_MS }: CaseThreadOptions): CaseThread {
  const shared = new SharedArrayBuffer(8)
  const words = new Int32Array(shared)
  const workerData: TestRunWorkerData = { ...data, shared }
  let dead: string | undefined
  let pending: ((outcome: CaseOutcome) => void) | undefined
  const worker = new Worker(script, { workerData })
  const settle = (outcome: CaseOutcome) => {
    const resolve = pending
    pending = undefined
    resolve?.(outcome)
  }
  /** Told when the worker starts the case it was asked for (loading the worker can take longer than the grace). */
  let onStarted: (() => void) | undefined
  worker.on('message', (reply: TestRunReply) => {
    if ('started' in reply) onStarted?.()
    // the runtime throwing on a case fails that case, as on the server's thread; the run goes on
    else
      settle(
        'error' in reply
          ? { passed: false, stopped: false, message: `the runtime failed: ${reply.error}` }
          : reply,
      )
  })
  worker.on('error', (error) => {
    dead = error instanceof Error ? error.message : String(error)
    settle({ failed: `its worker thread failed: ${dead}` })
  })
  worker.on('exit', (code) => {
    dead ??= `it exited with code ${code}`
    settle({ failed: `its worker thread ended: ${dead}` })
  })

  function run(index: number, signal: AbortSignal): Promise<CaseOutcome> {
    if (dead !== undefined) return Promise.resolve({ failed: `its worker thread failed: ${dead}` })
    return new Promise<CaseOutcome>((resolve) => {
      let grace: ReturnType<typeof setTimeout> | undefined
      let started = false
      // the worker reads the flag between firings; a case it has started and that does not answer within the
      // grace is in one firing that runs long: that is not waited for
      const armGrace = () => {
        if (!started || !signal.aborted || grace !== undefined) return
        let seen = Atomics.load(words, 1)
        let looks = 0
        const look = () => {
          if (pending !== done) return
          const now = Atomics.load(words, 1)
          looks++
          // it passed a firing since: it has read the flag and is saying where it got; before its first firing
          // (the count runs over the worker's cases) a fresh worker runs cold code, given COLD_LOOKS graces
          if (now !== seen || (now === 0 && looks < COLD_LOOKS)) {
            seen = now
            grace = setTimeout(look, graceMs)
            return
          }
          dead = 'ended by a stop'
          settle({ passed: false, stopped: true, message: STOPPED_MID_FIRING })
          void worker.terminate()
        }
        grace = setTimeout(look, graceMs)
      }
      const onAbort = () => {
        Atomics.store(words, 0, 1)
        armGrace()
      }
      onStarted = () => {
        started = true
        armGrace()
      }
      const done = (outcome: CaseOutcome) => {
        clearTimeout(grace)
        onStarted = undefined
        signal.removeEventListener('abort', onAbort)
        resolve(outcome)
      }
      pending = done
      signal.addEventListener('abort', onAbort)
      try {
        worker.postMessage({ index })
      } catch (error) {
        settle({ failed: `its worker thread could not be asked: ${(error as Error).message}` })
        return
      }
      if (signal.aborted) Atomics.store(words, 0, 1)
    })
  }

  return {
    run,
    close: async () => {
      if (dead === undefined) {
        dead = 'closed'
        await worker.terminate()
      }
    },
  }
}
