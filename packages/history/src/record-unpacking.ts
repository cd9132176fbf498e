// pure: the writer thread's side of record-codec.ts: packed batches back into RecordEvents (a run packed from its
// trace expands into the events it stands for), keeping the shared strings across batches.
import type { SelectionSummary } from './record.ts'
import {
  FALSE,
  KINDS,
  LAYOUT,
  NULL,
  NUMBER,
  type PackedBatch,
  RUN_CODE,
  RUN_OPS,
  STRING,
  TRUE,
  WHOLE_JSON,
} from './record-codec.ts'
import type { FinishedTrace, RecordEvent } from './record-events.ts'

/** The writer thread's side: batches back into RecordEvents, keeping the shared strings across batches. */
export function createEventUnpacker(): (batch: PackedBatch) => RecordEvent[] {
  const known: string[] = []
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
    const summary = (): SelectionSummary => {
      const node = text() as string
      const rule = text() as string
      const reason = text() as string
      const winner = text()
      const candidates = num()
      const excluded: Record<string, number> = {}
      for (let n = num(); n > 0; n--) {
        const key = text() as string
        excluded[key] = num()
      }
      return { node, rule, reason, ...(winner !== null ? { winner } : {}), candidates, excluded }
    }
    const trace = (): FinishedTrace => {
      const path: Array<string | number | null> = []
      for (let n = num(); n > 0; n--) path.push(text(), text(), num(), text())
      const first: [string, number] | null = num() === 1 ? [text() as string, num()] : null
      const selection = num() === 1 ? summary() : null
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
    // a run packed from its trace: the events it stands for, in the trace's order, then its finish
    const run = () => {
      const id = text() as string
      const finishedAt = num()
      const outcome = text() as string
      const destination = text()
      const path: Array<string | number | null> = []
      for (let op = num(); op !== RUN_OPS.end; op = num()) {
        switch (op) {
          case RUN_OPS.enter:
            path.push(text(), text(), num(), text())
            break
          case RUN_OPS.data:
            events.push(['data', id, num(), data()])
            break
          case RUN_OPS.queued: {
            const queuedAt = num()
            const node = text() as string
            const priority = num()
            const targets: string[] = []
            for (let n = num(); n > 0; n--) targets.push(text() as string)
            events.push(['queued', id, queuedAt, node, priority, targets])
            break
          }
          case RUN_OPS.routed:
            events.push([
              'routed',
              id,
              num(),
              text() as string,
              text() as string,
              text() as string,
              num(),
              summary(),
            ])
            break
          case RUN_OPS.rejected:
            events.push(['rejected', id, num(), text() as string, text() as string])
            break
          case RUN_OPS.timeout:
            events.push(['timeout', id, num()])
            break
          default:
            throw new Error(`A packed run has an unknown part ${op} at number ${at - 1}`)
        }
      }
      const first: [string, number] | null = num() === 1 ? [text() as string, num()] : null
      const selection = num() === 1 ? summary() : null
      events.push(['finished', id, finishedAt, outcome, destination, { path, first, selection }])
    }
    while (at < length) {
      const code = num()
      if (code === RUN_CODE) {
        run()
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
            event.push(summary())
            break
          case 'T':
            event.push(trace())
            break
        }
      }
      events.push(event as RecordEvent)
    }
    return events
  }
}
