// pure: RecordEvents packed into numbers for the trip to the writer thread. Repeated strings (nodes, targets,
// agents, reasons) are sent once and then referred to by number; interaction ids and attached data travel as
// strings of the batch. A batch posts as a transferred Float64Array and two string lists: nothing walked twice.
import type { SelectionSummary } from './record.ts'
import type { FinishedTrace, RecordEvent } from './record-events.ts'

/** Fields of each kind of event after its name: id (a batch string), s/S (shared string, S nullable), n/N
 * (number, N nullable), A (shared strings), J (JSON, a batch string), Y (selection summary), T (finished trace). */
const LAYOUT = {
  submitted: 'inSSN',
  queued: 'insnA',
  routed: 'insssnY',
  rejected: 'inss',
  timeout: 'in',
  data: 'inJ',
  finished: 'insST',
  agent: 'sssnA',
  completed: 'in',
  transferred: 'in',
  versions: 'J',
} as const satisfies Record<RecordEvent[0], string>
const KINDS = Object.keys(LAYOUT) as Array<RecordEvent[0]>
const KIND_CODE = new Map(KINDS.map((kind, i) => [kind, i]))

/** One batch of packed events, as posted to the writer thread. */
export interface PackedBatch {
  numbers: Float64Array
  /** Shared strings first seen in this batch, in the order they were numbered. */
  shared: string[]
  /** Interaction ids and JSON of this batch, referred to by their index. */
  strings: string[]
}

/** Shared strings the packer numbers before sending them as batch strings (a bound on the tables' memory). */
const MAX_SHARED = 65_536

export interface EventPacker {
  pack(event: RecordEvent): void
  /** Events packed since the last take. */
  readonly count: number
  take(): PackedBatch
}

export function createEventPacker(): EventPacker {
  const known = new Map<string, number>()
  let numbers = new Float64Array(16_384)
  let length = 0
  let count = 0
  let shared: string[] = []
  let strings: string[] = []
  const put = (value: number) => {
    if (length === numbers.length) {
      const bigger = new Float64Array(numbers.length * 2)
      bigger.set(numbers)
      numbers = bigger
    }
    numbers[length++] = value
  }
  // a string is its shared number (>= 0), or -1 - its index among the batch strings; null is NaN
  const batchString = (text: string) => {
    strings.push(text)
    put(-strings.length)
  }
  const sharedString = (text: string | null) => {
    if (text === null) return put(Number.NaN)
    const id = known.get(text)
    if (id !== undefined) return put(id)
    if (known.size >= MAX_SHARED) return batchString(text)
    known.set(text, known.size)
    shared.push(text)
    put(known.size - 1)
  }
  const summary = (s: SelectionSummary) => {
    sharedString(s.node)
    sharedString(s.rule)
    sharedString(s.reason)
    sharedString(s.winner ?? null)
    put(s.candidates)
    const excluded = Object.entries(s.excluded)
    put(excluded.length)
    for (const [reason, n] of excluded) {
      sharedString(reason)
      put(n)
    }
  }
  const trace = (t: FinishedTrace) => {
    put(t.path.length / 4)
    for (let i = 0; i < t.path.length; i += 4) {
      sharedString(t.path[i] as string)
      sharedString(t.path[i + 1] as string)
      put(t.path[i + 2] as number)
      sharedString(t.path[i + 3] as string | null)
    }
    if (t.first) {
      put(1)
      sharedString(t.first[0])
      put(t.first[1])
    } else put(0)
    if (t.selection) {
      put(1)
      summary(t.selection)
    } else put(0)
  }
  return {
    get count() {
      return count
    },
    pack(event) {
      const layout = LAYOUT[event[0]]
      put(KIND_CODE.get(event[0]) as number)
      for (let i = 0; i < layout.length; i++) {
        const value = event[i + 1]
        switch (layout[i]) {
          case 'i':
            batchString(value as string)
            break
          case 's':
          case 'S':
            sharedString(value as string | null)
            break
          case 'n':
          case 'N':
            put(value === null ? Number.NaN : (value as number))
            break
          case 'A':
            put((value as string[]).length)
            for (const text of value as string[]) sharedString(text)
            break
          case 'J':
            batchString(JSON.stringify(value))
            break
          case 'Y':
            summary(value as SelectionSummary)
            break
          case 'T':
            trace(value as FinishedTrace)
            break
        }
      }
      count++
    },
    take() {
      const batch = { numbers: numbers.slice(0, length), shared, strings }
      length = 0
      count = 0
      shared = []
      strings = []
      return batch
    },
  }
}

/** The writer thread's side: batches back into RecordEvents, keeping the shared strings across batches. */
export function createEventUnpacker(): (batch: PackedBatch) => RecordEvent[] {
  const known: string[] = []
  return (batch) => {
    known.push(...batch.shared)
    const { numbers, strings } = batch
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
    const events: RecordEvent[] = []
    while (at < numbers.length) {
      const kind = KINDS[num()] as RecordEvent[0]
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
