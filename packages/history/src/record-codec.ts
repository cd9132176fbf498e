// pure: RecordEvents packed into numbers for the trip to the writer thread. Repeated strings (nodes, targets,
// agents, reasons) are sent once and then referred to by number; interaction ids and attached data travel as
// strings of the batch. A batch posts as a transferred Float64Array and two string lists: nothing walked twice.
// record-unpacking.ts reads batches back in the writer thread.
import { REASON_TEXT } from '@routewright/strategy-runtime'
import type { SelectionSummary } from './record.ts'
import type { FinishedTrace, RecordEvent } from './record-events.ts'

/** Fields of each kind of event after its name: i (a batch string: an id, a text seldom seen twice), s/S (shared
 * string, S nullable), n/N (number, N nullable), A (shared strings), J (JSON, a batch string), D (attached data:
 * see packData), Y (selection summary: run-record.ts's layout), T (finished trace). */
export const LAYOUT = {
  submitted: 'inSSN',
  queued: 'insnA',
  routed: 'insssnY',
  rejected: 'insin',
  timeout: 'in',
  data: 'inD',
  finished: 'insSTNSS',
  agent: 'sssnASSS',
  completed: 'inS',
  transferred: 'inSS',
  versions: 'J',
  'given-up': 'i',
  directory: 'J',
  // after the others: the codes before them stay what the router's run records write
  resumed: 'i',
  answered: 'inT',
} as const satisfies Record<RecordEvent[0], string>
export const KINDS = Object.keys(LAYOUT) as Array<RecordEvent[0]>
const KIND_CODE = new Map(KINDS.map((kind, i) => [kind, i]))
/** Each kind's number on the wire, for `begin` (a property read where a Map look-up per event cost more). */
export const KIND_CODES = Object.freeze(Object.fromEntries(KIND_CODE)) as Readonly<
  Record<RecordEvent[0], number>
>

/** One batch of packed events, as posted to the writer thread. */
export interface PackedBatch {
  /** The batch's numbers are the first `length` (the whole buffer is transferred, not a copy of it). */
  numbers: Float64Array<ArrayBuffer>
  length: number
  /** Shared strings first seen in this batch, in the order they were numbered. */
  shared: string[]
  /** Interaction ids and JSON of this batch, referred to by their index. */
  strings: string[]
}

/** How an attached data value travels (packData): its tag, then what the tag says follows. */
export const STRING = 0
export const NUMBER = 1
export const TRUE = 2
export const FALSE = 3
export const NULL = 4
/** Anything else (an object, a list, a date): its JSON, a batch string. */
const JSON_VALUE = 5
/** In place of a data object's key count: the whole object as JSON (not a plain object). */
export const WHOLE_JSON = -1

/** Shared strings the packer numbers before sending them as batch strings (a bound on the tables' memory). */
const MAX_SHARED = 65_536
/** Numbers a batch buffer starts with (it doubles when a batch needs more). */
const INITIAL_NUMBERS = 32_768
/** The smallest buffer a batch is given: a quiet router's batches are short. */
const MIN_NUMBERS = 4_096

/**
 * The buffer for the next batch when none was handed back (a writer thread behind the router): the last batch's
 * length and a sixteenth more, to a power of two, no more than the buffer it filled. Each new buffer is zeroed and
 * faulted in page by page (about 75 us for 256 KB here): a 2,000-event batch of run records (about 13,600
 * numbers) gets 128 KB, not the 256 KB it started with.
 */
function nextBufferLength(length: number, filled: number): number {
  const want = length + (length >> 4)
  let n = MIN_NUMBERS
  while (n < want) n *= 2
  return Math.min(n, filled)
}
/** Buffers handed back and kept for the next batches (one in flight, one filling, a spare). */
const MAX_RECYCLED = 3
/** Attached-data keys whose last string value a batch remembers (direct-mapped by the key's shared number). */
const VALUE_SLOTS = 32

export interface EventPacker {
  pack(event: RecordEvent): void
  /** Events packed since the last take. */
  readonly count: number
  take(): PackedBatch
  /** A batch's numbers the writer thread has read and handed back: the next batch fills them again. */
  recycle(numbers: Float64Array<ArrayBuffer>): void
  /** Direct packing (record-packing.ts): an event's kind (its KIND_CODES number), then its fields in LAYOUT's
   * order, then `end`. */
  begin(kind: number): void
  /** An interaction id or other text seldom seen twice (`i`). */
  id(text: string): void
  /** A repeated string (`s`, `S`). */
  shared(text: string | null): void
  /** A number (`n`, `N`). */
  num(value: number | null): void
  /** Any JSON value (`J`). */
  json(value: unknown): void
  /** Attached data (`D`): what JSON would carry of it, with no JSON for its plain values. */
  data(value: Record<string, unknown>): void
  /** Where the next number goes, and a later write there (a count known only once its items are packed). */
  readonly position: number
  set(position: number, value: number): void
  /** A shared string written at an earlier position (a path step's exit, seen after the step). */
  setShared(position: number, text: string): void
  end(): void
}

/**
 * `buffer`: where a batch's numbers go first (the recorder's slots shared with its writer thread, batch-slots.ts),
 * told the numbers just taken; when it has none, a buffer handed back, else a new one.
 */
export function createEventPacker(
  buffer?: (filled?: Float64Array) => Float64Array<ArrayBuffer> | undefined,
): EventPacker {
  return new Packer(buffer)
}

/**
 * The packer as a class: the router calls its writer's methods for every field of every entry, and methods on one
 * prototype are the same functions for every packer, so those calls are inlined where the router makes them; a
 * packer of closures gave each recorder functions of its own (a new target at each call site, calls not inlined:
 * some 5 % of routing).
 */
class Packer implements EventPacker {
  private readonly known = new Map<string, number>()
  private numbers: Float64Array<ArrayBuffer>
  private readonly recycled: Array<Float64Array<ArrayBuffer>> = []
  private length = 0
  private events = 0
  /** Shared strings first seen in this batch (its `shared`). */
  private firstSeen: string[] = []
  private strings: string[] = []
  // an interaction's events come in runs (its data, routing and finish in one call of the host): the last two
  // texts sent as ids keep their batch string, so an id (or a reason) repeated among them is sent once per batch
  private idA: string | undefined = undefined
  private codeA = 0
  private idB: string | undefined = undefined
  private codeB = 0
  // attached values repeat from one interaction to the next (a tier, a language): each key's last string value (in
  // a slot by the key's shared number) keeps its batch string, so a value repeated within a batch is cloned and sent
  // once (the ids' way, per key); whatever key last held the slot, the same text is the same batch string
  private readonly valueText = new Array<string | undefined>(VALUE_SLOTS).fill(undefined)
  private readonly valueCodes = new Array<number>(VALUE_SLOTS).fill(0)

  constructor(
    private readonly buffer: ((filled?: Float64Array) => Float64Array<ArrayBuffer> | undefined) | undefined,
  ) {
    this.numbers = buffer?.() ?? new Float64Array(INITIAL_NUMBERS)
  }

  get count(): number {
    return this.events
  }

  get position(): number {
    return this.length
  }

  private grow(): void {
    const bigger = new Float64Array(this.numbers.length * 2)
    bigger.set(this.numbers)
    this.numbers = bigger
  }

  private put(value: number): void {
    if (this.length === this.numbers.length) this.grow()
    this.numbers[this.length++] = value
  }

  // a string is its shared number (>= 0), or -1 - its index among the batch strings; null is NaN
  private batchString(text: string): number {
    this.strings.push(text)
    return -this.strings.length
  }

  private idCode(text: string): number {
    if (text === this.idA) return this.codeA
    if (text === this.idB) return this.codeB
    this.idB = this.idA
    this.codeB = this.codeA
    this.idA = text
    this.codeA = this.batchString(text)
    return this.codeA
  }

  private valueCode(key: number, text: string): number {
    // a key past the shared table's bound is a batch string itself: no slot
    if (!(key >= 0)) return this.batchString(text)
    const slot = key & (VALUE_SLOTS - 1)
    if (this.valueText[slot] === text) return this.valueCodes[slot] as number
    this.valueText[slot] = text
    const code = this.batchString(text)
    this.valueCodes[slot] = code
    return code
  }

  private sharedCode(text: string | null): number {
    if (text === null) return Number.NaN
    const known = this.known
    const id = known.get(text)
    if (id !== undefined) return id
    if (known.size >= MAX_SHARED) return this.batchString(text)
    known.set(text, known.size)
    this.firstSeen.push(text)
    return known.size - 1
  }

  private summary(s: SelectionSummary): void {
    this.shared(s.node)
    this.shared(s.rule)
    // a selection's reason names the winner and its figure: nearly every one is new, so it is no shared string
    this.put(REASON_TEXT)
    this.put(this.batchString(s.reason))
    this.shared(s.winner ?? null)
    this.put(s.candidates)
    const excluded = Object.entries(s.excluded)
    this.put(excluded.length)
    for (const [reason, n] of excluded) {
      this.shared(reason)
      this.put(n)
    }
  }

  private trace(t: FinishedTrace): void {
    this.put(t.path.length / 4)
    for (let i = 0; i < t.path.length; i += 4) {
      this.shared(t.path[i] as string)
      this.shared(t.path[i + 1] as string)
      this.put(t.path[i + 2] as number)
      this.shared(t.path[i + 3] as string | null)
    }
    if (t.first) {
      this.put(1)
      this.shared(t.first[0])
      this.put(t.first[1])
    } else this.put(0)
    if (t.selection) {
      this.put(1)
      this.summary(t.selection)
    } else this.put(0)
  }

  pack(event: RecordEvent): void {
    const layout = LAYOUT[event[0]]
    this.put(KIND_CODE.get(event[0]) as number)
    for (let i = 0; i < layout.length; i++) {
      const value = event[i + 1]
      switch (layout[i]) {
        case 'i':
          this.put(this.idCode(value as string))
          break
        case 's':
        case 'S':
          this.shared(value as string | null)
          break
        case 'n':
        case 'N':
          this.put(value === null ? Number.NaN : (value as number))
          break
        case 'A':
          this.put((value as string[]).length)
          for (const text of value as string[]) this.shared(text)
          break
        case 'J':
          this.put(this.batchString(JSON.stringify(value)))
          break
        case 'D':
          this.data(value as Record<string, unknown>)
          break
        case 'Y':
          this.summary(value as SelectionSummary)
          break
        case 'T':
          this.trace(value as FinishedTrace)
          break
      }
    }
    this.events++
  }

  begin(kind: number): void {
    this.put(kind)
  }

  id(text: string): void {
    this.put(this.idCode(text))
  }

  shared(text: string | null): void {
    this.put(this.sharedCode(text))
  }

  num(value: number | null): void {
    this.put(value === null ? Number.NaN : value)
  }

  json(value: unknown): void {
    this.put(this.batchString(JSON.stringify(value)))
  }

  // attached data is nearly always a few strings and numbers: they go as tagged numbers and batch strings, which
  // costs the routing thread less than JSON.stringify (and the writer a JSON.parse); the result is JSON's
  data(data: Record<string, unknown>): void {
    const proto = data === null || typeof data !== 'object' ? undefined : Object.getPrototypeOf(data)
    if (
      (proto !== Object.prototype && proto !== null) ||
      Object.hasOwn(data, '__proto__') ||
      'toJSON' in data
    ) {
      this.put(WHOLE_JSON)
      this.put(this.batchString(JSON.stringify(data)))
      return
    }
    const count = this.length
    this.put(0)
    let n = 0
    for (const key in data) {
      const value = data[key]
      switch (typeof value) {
        case 'string': {
          const code = this.sharedCode(key)
          this.put(code)
          this.put(STRING)
          this.put(this.valueCode(code, value))
          break
        }
        case 'number':
          this.shared(key)
          // JSON writes NaN and the infinities as null, and -0 as 0
          if (Number.isFinite(value)) {
            this.put(NUMBER)
            this.put(value === 0 ? 0 : value)
          } else this.put(NULL)
          break
        case 'boolean':
          this.shared(key)
          this.put(value ? TRUE : FALSE)
          break
        case 'undefined':
        case 'function':
        case 'symbol':
          // JSON leaves the key out
          continue
        default:
          if (value === null) {
            this.shared(key)
            this.put(NULL)
          } else {
            const json = JSON.stringify(value)
            if (json === undefined) continue
            this.shared(key)
            this.put(JSON_VALUE)
            this.put(this.batchString(json))
          }
      }
      n++
    }
    this.numbers[count] = n
  }

  set(position: number, value: number): void {
    this.numbers[position] = value
  }

  setShared(position: number, text: string): void {
    this.numbers[position] = this.sharedCode(text)
  }

  end(): void {
    this.events++
  }

  recycle(buffer: Float64Array<ArrayBuffer>): void {
    // any the packer gave out (a grown one too: the traffic that grew it may come again)
    if (this.recycled.length < MAX_RECYCLED && buffer.length >= MIN_NUMBERS) this.recycled.push(buffer)
  }

  take(): PackedBatch {
    // the buffer itself goes (a shared slot, or transferred); a free slot takes the next batch, else one handed
    // back, else a new one as long as this batch needed
    const numbers = this.numbers
    const length = this.length
    const batch = { numbers, length, shared: this.firstSeen, strings: this.strings }
    this.numbers =
      this.buffer?.(numbers) ??
      this.recycled.pop() ??
      new Float64Array(nextBufferLength(length, numbers.length))
    this.length = 0
    this.events = 0
    this.firstSeen = []
    this.strings = []
    this.idA = this.idB = undefined
    this.valueText.fill(undefined)
    return batch
  }
}
