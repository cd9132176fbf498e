// Runs simulation jobs in a web worker, one at a time; cancel terminates the worker, so a long run stops at once.
import type { SimJob, SimMessage, SimRun } from './sim-job.ts'

export type SimOutcome =
  | { status: 'done'; runs: SimRun[] }
  | { status: 'cancelled' }
  | { status: 'error'; message: string }

/** The part of `Worker` the runner uses, so tests can pass a fake. */
export interface WorkerLike {
  postMessage(message: unknown): void
  terminate(): void
  onmessage: ((event: MessageEvent) => void) | null
  onerror: ((event: ErrorEvent) => void) | null
}

export interface SimulationRunner {
  /** Starts a job (cancelling one still running) and settles when it is done, fails or is cancelled. */
  run(job: SimJob, onProgress: (fraction: number) => void): Promise<SimOutcome>
  cancel(): void
}

export function createSimulationRunner(createWorker: () => WorkerLike): SimulationRunner {
  let current: { worker: WorkerLike; settle: (outcome: SimOutcome) => void } | undefined
  const finish = (outcome: SimOutcome) => {
    const running = current
    current = undefined
    running?.worker.terminate()
    running?.settle(outcome)
  }
  return {
    run(job, onProgress) {
      finish({ status: 'cancelled' })
      return new Promise<SimOutcome>((resolve) => {
        const worker = createWorker()
        const mine = { worker, settle: resolve }
        current = mine
        worker.onmessage = (event) => {
          if (current !== mine) return
          const message = event.data as SimMessage
          if (message.type === 'progress') onProgress(message.fraction)
          else if (message.type === 'done') finish({ status: 'done', runs: message.runs })
          else finish({ status: 'error', message: message.message })
        }
        worker.onerror = (event) => {
          if (current === mine)
            finish({ status: 'error', message: event.message || 'The simulation worker failed.' })
        }
        worker.postMessage(job)
      })
    },
    cancel() {
      finish({ status: 'cancelled' })
    },
  }
}
