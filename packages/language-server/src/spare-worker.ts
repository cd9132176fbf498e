// One idle test-run worker kept ready (started once a document opens; a run gives it back when it ends, and one a
// stop, the budget or a crash ended is replaced), so a run does not wait for a thread to start and load the
// runtime. Never more than one idle: a second run at the same time starts its own, and the later to end ends it.
import { Worker } from 'node:worker_threads'
import type { TestRunWorkerData } from './test-run-worker.ts'

/** A started test-run worker and the words it shares with the server's thread (`TestRunWorkerData.shared`). */
export interface RunWorker {
  worker: Worker
  words: Int32Array
}

/** Starts a test-run worker on `script` (it loads, then waits for a run's documents). */
export function openRunWorker(script: string): RunWorker {
  const shared = new SharedArrayBuffer(8)
  const workerData: TestRunWorkerData = { shared }
  return { worker: new Worker(script, { workerData }), words: new Int32Array(shared) }
}

export interface SpareWorker {
  /** Starts the idle worker if none is ready. */
  warm(): void
  /** The idle worker if one is alive (the next `warm` starts the one after it), else a new one. */
  take(): RunWorker
  /** A run's worker, alive and done with its run: it becomes the idle one, or ends if one is idle already. */
  give(thread: RunWorker): void
  /** Ends the idle worker; none is started after. */
  close(): Promise<void>
}

/** `keepReady` false: none is kept, each run starts its own (tests that start many servers in one process). */
export function createSpareWorker(script: string, keepReady = true): SpareWorker {
  let idle: RunWorker | undefined
  let closed = !keepReady
  /** Drops the idle worker when it fails or exits while it waits (a broken script is not restarted in a loop). */
  let forget: (() => void) | undefined

  function warm(): void {
    if (idle || closed) return
    try {
      keep(openRunWorker(script))
    } catch {
      // the run that takes none starts its own and reports why it could not
    }
  }

  function keep(spare: RunWorker): void {
    // waiting, it does not keep the process alive (a server that exits, a test's process)
    spare.worker.unref()
    const drop = () => {
      if (idle === spare) idle = undefined
    }
    spare.worker.on('error', drop)
    spare.worker.on('exit', drop)
    forget = () => {
      spare.worker.off('error', drop)
      spare.worker.off('exit', drop)
    }
    idle = spare
  }

  function give(thread: RunWorker): void {
    if (idle || closed) {
      thread.worker.on('error', () => undefined)
      void thread.worker.terminate()
      return
    }
    // the last run's stop, if it asked for one, is not the next run's
    Atomics.store(thread.words, 0, 0)
    keep(thread)
  }

  function take(): RunWorker {
    const ready = idle
    if (!ready) return openRunWorker(script)
    idle = undefined
    // the taker listens from here on, in this same turn, so no event of the worker goes unheard
    forget?.()
    ready.worker.ref()
    return ready
  }

  return {
    warm,
    take,
    give,
    close: async () => {
      closed = true
      const ready = idle
      idle = undefined
      if (ready) {
        forget?.()
        ready.worker.on('error', () => undefined)
        await ready.worker.terminate()
      }
    },
  }
}
