// pure: the writer thread's side of record-codec.ts: packed batches back into RecordEvents (a router's run records,
// RUN_RECORD, become the same events, their paths kept here until each finishes), keeping the shared strings across
// batches.
import {
  FINISHED_ABANDON_REASON,
  FINISHED_ANSWERED,
  FINISHED_SELECTION,
  firstInLineReason,
  idleLongestReason,
  REASON_FIGURES,
  REASON_TEXT,
  RUN_RECORD,
} from '@routewright/strategy-runtime'
import { dropOldest, MAX_OPEN } from './open-bound.ts'
import type { SelectionSummary } from './record.ts'
import {
  FALSE,
  KINDS,
  LAYOUT,
  NULL,
  NUMBER,
  type PackedBatch,
  STRING,
  TRUE,
  WHOLE_JSON,
} from './record-codec.ts'
import type { FinishedTrace, RecordEvent } from './record-events.ts'

/**
 * The writer thread's side: batches back into RecordEvents, keeping the shared strings across batches. The paths of
 * at most `maxOpen` interactions in progress are kept; past it the oldest is given up, told as a `given-up` event.
 */
export function createEventUnpacker(maxOpen = MAX_OPEN): (batch: PackedBatch) => RecordEvent[] {
  const known: string[] = []
  // the paths of interactions the router's run records show in progress, until their `finished`
  const runs = new Map<string, RunPath>()
  return (batch) => {
    known.push(...batch.shared)
    const { numbers, length, strings } = batch
    let at = 0
    const num = () => numbers[at++] as number
    const nullableNum = () => {
      const value = num()
      return Number.isNaN(value) ? null : value
    }
    const text = (): string | null => {
      const value = num()
      if (Number.isNaN(value)) return null
      return (value >= 0 ? known[value] : strings[-1 - value]) as string
    }
    // `id`: the interaction whose selection it is (a reason left to the record names it)
    const summary = (id: string): SelectionSummary => {
      const node = text() as string
      const rule = text() as string
      let reason: string | undefined
      let idle = 0
      let trigger: string | null = null
      let priority = 0
      let waitedMs = 0
      const kind = num()
      if (kind === REASON_TEXT) reason = text() as string
      else if (kind === REASON_FIGURES) {
        idle = num()
        trigger = text()
        if (trigger !== null) {
          priority = num()
          waitedMs = num()
        }
      } else throw new Error(`A selection has an unknown reason kind ${kind} at number ${at - 1}`)
      const winner = text()
      const candidates = num()
      // the text the router would have written (one copy of it, the runtime's)
      if (reason === undefined) {
        reason = idleLongestReason(winner as string, idle, candidates)
        if (trigger !== null) reason = firstInLineReason(id, trigger, priority, waitedMs, reason)
      }
      const excluded: Record<string, number> = {}
      for (let n = num(); n > 0; n--) {
        const key = text() as string
        excluded[key] = num()
      }
      return { node, rule, reason, ...(winner !== null ? { winner } : {}), candidates, excluded }
    }
    const trace = (id: string): FinishedTrace => {
      const path: Array<string | number | null> = []
      for (let n = num(); n > 0; n--) path.push(text(), text(), num(), text())
      const first: [string, number] | null = num() === 1 ? [text() as string, num()] : null
      const selection = num() === 1 ? summary(id) : null
      return { path, first, selection }
    }
    const data = (): Record<string, unknown> => {
      const n = num()
      if (n === WHOLE_JSON) return JSON.parse(text() as string)
      const out: Record<string, unknown> = {}
      for (let i = 0; i < n; i++) {
        const key = text() as string
        const tag = num()
        out[key] =
          tag === STRING
            ? text()
            : tag === NUMBER
              ? num()
              : tag === TRUE
                ? true
                : tag === FALSE
                  ? false
                  : tag === NULL
                    ? null
                    : JSON.parse(text() as string)
      }
      return out
    }
    const events: RecordEvent[] = []
    // a router's run record (RUN_RECORD): its events as they come, its path kept until it finishes
    const record = (code: number) => {
      const id = text() as string
      switch (code) {
        case RUN_RECORD.enter: {
          const enteredAt = num()
          const strategy = text() as string
          const node = text() as string
          let state = runs.get(id)
          if (state === undefined) {
            state = { path: [], first: [strategy, enteredAt], exitAt: -1 }
            runs.set(id, state)
            // an interaction the host never finished: forget the oldest rather than grow without bound, and say so
            const dropped = dropOldest(runs, maxOpen)
            if (dropped !== undefined) events.push(['given-up', dropped])
          }
          state.exitAt = state.path.length + 3
          state.path.push(strategy, node, enteredAt, null)
          return
        }
        case RUN_RECORD.exit: {
          const strategy = text()
          const node = text()
          const output = text()
          // the first named exit of the step just entered (finishedTrace's rule)
          const state = runs.get(id)
          if (state === undefined || state.exitAt < 0) return
          const { path, exitAt } = state
          if (path[exitAt - 2] === node && path[exitAt - 3] === strategy) {
            path[exitAt] = output
            state.exitAt = -1
          }
          return
        }
        // the parts after the interaction id: queued `n s n A`, routed `n s s s n Y`, rejected `n s i n`, timeout `n`,
        // data `n D`
        case RUN_RECORD.queued: {
          const queuedAt = num()
          const node = text() as string
          const priority = num()
          const targets: string[] = []
          for (let n = num(); n > 0; n--) targets.push(text() as string)
          events.push(['queued', id, queuedAt, node, priority, targets])
          return
        }
        case RUN_RECORD.routed:
          events.push([
            'routed',
            id,
            num(),
            text() as string,
            text() as string,
            text() as string,
            num(),
            summary(id),
          ])
          return
        case RUN_RECORD.rejected:
          events.push(['rejected', id, num(), text() as string, text() as string, num() === 1 ? 1 : 0])
          return
        case RUN_RECORD.timeout:
          events.push(['timeout', id, num()])
          return
        case RUN_RECORD.data:
          events.push(['data', id, num(), data()])
          return
        case RUN_RECORD.finished: {
          const finishedAt = num()
          const outcome = text() as string
          const destination = text()
          const strategy = text() as string
          const flags = num()
          const follows = flags & ~FINISHED_ABANDON_REASON
          const selection = follows === FINISHED_SELECTION ? summary(id) : null
          const answeredAt = follows === FINISHED_ANSWERED ? num() : null
          const hasWhy = (flags & FINISHED_ABANDON_REASON) !== 0
          const abandonReason = hasWhy ? text() : null
          const note = hasWhy ? text() : null
          const state = runs.get(id)
          runs.delete(id)
          // no node entered: the trace's first entry would be its error or finish, now, in its strategy
          const first: [string, number] = state?.first ?? [strategy, finishedAt]
          events.push([
            'finished',
            id,
            finishedAt,
            outcome,
            destination,
            { path: state?.path ?? [], first, selection },
            answeredAt,
            abandonReason,
            note,
          ])
          return
        }
        default:
          throw new Error(`A run record has an unknown entry ${code} at number ${at - 2}`)
      }
    }
    while (at < length) {
      const code = num()
      if (code >= RUN_RECORD.enter) {
        record(code)
        continue
      }
      const kind = KINDS[code] as RecordEvent[0]
      const layout = LAYOUT[kind]
      const event: unknown[] = [kind]
      for (let i = 0; i < layout.length; i++) {
        switch (layout[i]) {
          case 'i':
          case 's':
          case 'S':
            event.push(text())
            break
          case 'n':
          case 'N':
            event.push(nullableNum())
            break
          case 'A': {
            const list: string[] = []
            for (let n = num(); n > 0; n--) list.push(text() as string)
            event.push(list)
            break
          }
          case 'J':
            event.push(JSON.parse(text() as string))
            break
          case 'D':
            event.push(data())
            break
          case 'Y':
            // after the interaction's id (routed, finished)
            event.push(summary(event[1] as string))
            break
          case 'T':
            event.push(trace(event[1] as string))
            break
        }
      }
      events.push(event as RecordEvent)
    }
    return events
  }
}

/** What the run records of an interaction in progress have shown: its path, first entry, and open exit slot. */
interface RunPath {
  /** `strategy, node, at, exit` per node entered. */
  path: Array<string | number | null>
  first: [string, number]
  /** Where the exit of the step entered last goes, until one is named; -1 then. */
  exitAt: number
}
