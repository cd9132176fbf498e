// Free lists of a router's per-interaction records: a finished run leaves the finished ring with its frames and its
// last wait, and the next interactions reuse them, so a waiting interaction (which lives through many young-generation
// collections) makes fewer new records to copy and promote. Only the engine recycles, after nothing refers to them.
import { emptyList } from '../util/small-array.ts'
import type { Frame, InteractionRun, WaitState } from './run.ts'

/** Records of each kind kept for reuse; more are left to the garbage collector. */
const MAX_SPARE = 256

/**
 * What a recycled record may still be reached from, and why that is harmless: a stale virtual-queue entry (it
 * holds the generation it was pushed with, and a wait's generation only grows, across reuse too), a cancelled or
 * fired lane record (its target is cleared), a late host or statistics answer (it holds the frame's token, which
 * only grows, and a reused frame's first entry bumps it).
 */
export class Spares {
  private readonly runs: InteractionRun[] = []
  private readonly frames: Frame[] = []
  private readonly waits: WaitState[] = []

  takeRun(): InteractionRun | undefined {
    return this.runs.pop()
  }

  takeFrame(): Frame | undefined {
    return this.frames.pop()
  }

  takeWait(): WaitState | undefined {
    return this.waits.pop()
  }

  /** Spare records kept now (for tests). */
  get size(): { runs: number; frames: number; waits: number } {
    return { runs: this.runs.length, frames: this.frames.length, waits: this.waits.length }
  }

  /**
   * Takes back a finished run that nothing reads any more (it left the finished ring), with its frames and its last
   * wait. Its references to data, traces and explanations are dropped here, so a spare holds nothing of its host's.
   */
  recycle(run: InteractionRun): void {
    if (!run.finished) return
    const frames = run.frames
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i]!
      frame.token++
      frame.ended = true
      frame.variables = EMPTY_RECORD
      frame.inputs = undefined
      frame.returned = undefined
      frame.current = undefined
      frame.parent = undefined
      frame.timers = undefined
      if (this.frames.length < MAX_SPARE) this.frames.push(frame)
    }
    const wait = run.wait ?? run.spentWait
    if (wait !== undefined && !wait.waiting) {
      wait.targets = NO_TARGETS
      wait.targetPaths = NO_PATHS
      wait.threshold = undefined
      if (this.waits.length < MAX_SPARE) this.waits.push(wait)
    }
    run.data = EMPTY_RECORD
    run.path = emptyList()
    run.treatments = emptyList()
    run.trace = emptyList()
    run.frames = emptyList()
    run.wait = undefined
    run.spentWait = undefined
    run.reservation = undefined
    run.lastExplanation = undefined
    run.listedExplanation = undefined
    run.values = undefined
    run.handling = undefined
    if (this.runs.length < MAX_SPARE) this.runs.push(run)
  }
}

const EMPTY_RECORD: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>
const NO_TARGETS: WaitState['targets'] = emptyList()
const NO_PATHS: string[] = emptyList()
