// A debugging option for finding where the slow submits wait: with ROUTEWRIGHT_SUBMIT_TIMING=<file> in its
// environment, serve notes per interaction the wall-clock time of each stage from its submit to its routed event
// (request parsed, routed by the router, commit sent to Redis and answered, routed event queued on the event
// streams) and writes them to <file> as one JSON object when the process exits; bench/submit-stages.mjs joins them
// with the load generator's send and receive times. Off (undefined) otherwise: the hot path pays one check.
import { writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

/** The stages, in the order a submit passes them (a one-process server has no commit stages). */
export const SUBMIT_STAGES = ['parsed', 'decided', 'commitSent', 'committed', 'streamed'] as const
export type SubmitStage = (typeof SUBMIT_STAGES)[number]

export interface SubmitTiming {
  /** Notes that interaction `id` reached `stage` now (the first time only). */
  mark(id: string, stage: SubmitStage): void
  /** Writes `{ stages, times: { id: [epoch ms or null per stage] } }` to the file (done at the process's exit). */
  write(): void
  /** Writes the file a last time and no longer at the process's exit. */
  close(): void
}

/**
 * Epoch ms with the precision of performance.now(), set to the wall clock when called: comparable with another
 * process's. Not timeOrigin + now(): timeOrigin is the process's start, and a wall clock stepped since (NTP, a VM
 * resumed) leaves that sum off by the step (22.6 s behind Date.now() in a CI worker that had run 15 minutes).
 */
function epochClock(): () => number {
  const offset = Date.now() - performance.now()
  return () => offset + performance.now()
}

export function createSubmitTiming(file: string): SubmitTiming {
  const epochNow = epochClock()
  const times = new Map<string, Array<number | null>>()
  const write = () =>
    writeFileSync(file, JSON.stringify({ stages: SUBMIT_STAGES, times: Object.fromEntries(times) }))
  // at exit a failed write is said, not thrown: a throw there ends the process with an error of its own
  const atExit = () => {
    try {
      write()
    } catch (error) {
      console.error(`ROUTEWRIGHT_SUBMIT_TIMING: could not write ${file}: ${(error as Error).message}`)
    }
  }
  process.once('exit', atExit)
  return {
    write,
    close() {
      process.off('exit', atExit)
      write()
    },
    mark(id, stage) {
      let row = times.get(id)
      if (!row) {
        row = SUBMIT_STAGES.map(() => null)
        times.set(id, row)
      }
      const at = SUBMIT_STAGES.indexOf(stage)
      row[at] ??= epochNow()
    },
  }
}

const file = process.env.ROUTEWRIGHT_SUBMIT_TIMING
/** The process's timing, when ROUTEWRIGHT_SUBMIT_TIMING names a file. */
export const submitTiming: SubmitTiming | undefined = file ? createSubmitTiming(file) : undefined
