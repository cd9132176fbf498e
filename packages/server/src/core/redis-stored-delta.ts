// pure: nothing here reads the clock or the network
// An open interaction's text in Redis is its stored entry written once, then one line per later change (a patch of
// the record's changed fields, its trace once connected); an ended one's view is that text plus a closing line,
// joined by the commit script in Redis. So a commit sends what changed, not the whole interaction again.
import type { TraceEntry } from '@routewright/strategy-runtime'
import type { InteractionRecord } from './interaction-book.ts'
import type { StoredInteraction } from './redis-stored.ts'
import type { InteractionView } from './types.ts'

/** What the last commit wrote of an interaction: the record's fields as they were then, and its parts. */
export interface SentEntry {
  fields: Record<string, unknown>
  snapshot: StoredInteraction['snapshot']
  input: StoredInteraction['input']
  trace: TraceEntry[] | undefined
  arrival: StoredInteraction['arrival']
  /** Lines of the text Redis holds: past MAX_LINES the next change writes it whole again. */
  lines: number
}

/** A text of this many lines is written whole at its next change, so one changed often stays small in Redis. */
export const MAX_LINES = 8

/**
 * One line after the stored entry: record fields set (`r`) and removed (`u`), the trace (`t`; the entries at `e`
 * carry the record's explanation, written once in the record, as their value), input (`x`) or snapshot (`s`) dropped.
 */
interface StoredPatch {
  r?: Record<string, unknown>
  u?: string[]
  t?: TraceEntry[]
  e?: number[]
  x?: 1
  s?: 1
}

/** The last line of an ended interaction's view: a patch, with the path (`p`) that marks it as the closing one. */
interface ClosingPatch extends StoredPatch {
  p: string[]
}

/** What a whole entry written leaves in Redis. */
export function sentEntry(entry: StoredInteraction): SentEntry {
  return {
    lines: 1,
    fields: { ...entry.record },
    snapshot: entry.snapshot,
    input: entry.input,
    trace: entry.trace,
    arrival: entry.arrival,
  }
}

/** The record's changed fields since `sent`, into `patch`. */
function recordDiff(patch: StoredPatch, sent: SentEntry, record: InteractionRecord): void {
  const now = record as unknown as Record<string, unknown>
  const set: Record<string, unknown> = {}
  const unset: string[] = []
  let changed = false
  for (const key in now) {
    if (now[key] === sent.fields[key] || now[key] === undefined) continue
    set[key] = now[key]
    changed = true
  }
  for (const key in sent.fields) if (now[key] === undefined && sent.fields[key] !== undefined) unset.push(key)
  if (changed) patch.r = set
  if (unset.length > 0) patch.u = unset
}

/** The trace into `patch`, each selection whose value is the record's explanation without it (written already). */
function withTrace(patch: StoredPatch, trace: TraceEntry[], record: InteractionRecord): void {
  const explanation = record.explanation
  if (explanation === undefined || !trace.some((t) => t.value === explanation)) {
    patch.t = trace
    return
  }
  const at: number[] = []
  patch.t = trace.map((t, i) => {
    if (t.value !== explanation) return t
    at.push(i)
    const { value: _, ...rest } = t
    return rest as TraceEntry
  })
  patch.e = at
}

function sameArrival(a: StoredInteraction['arrival'], b: StoredInteraction['arrival']): boolean {
  return a === b || (a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1])
}

/**
 * The line to append to what Redis holds for `entry`, or undefined when only a whole entry says it (a new snapshot
 * or input, a trace replaced: those are rare; the hot path is reserved -> connected).
 */
export function storedPatch(sent: SentEntry, entry: StoredInteraction): string | undefined {
  if (sent.lines >= MAX_LINES) return undefined
  if (entry.snapshot !== undefined && entry.snapshot !== sent.snapshot) return undefined
  if (!sameArrival(entry.arrival, sent.arrival)) return undefined
  if (entry.input !== undefined && entry.input !== sent.input) return undefined
  if (sent.trace !== undefined && entry.trace !== sent.trace) return undefined
  const patch: StoredPatch = {}
  recordDiff(patch, sent, entry.record)
  if (entry.trace !== sent.trace && entry.trace) withTrace(patch, entry.trace, entry.record)
  if (sent.input !== undefined && entry.input === undefined) patch.x = 1
  if (sent.snapshot !== undefined && entry.snapshot === undefined) patch.s = 1
  return JSON.stringify(patch)
}

/** The closing line of an ended interaction whose stored entry Redis holds (`sent`): `view` is what it shows. */
export function closingPatch(sent: SentEntry, record: InteractionRecord, view: InteractionView): string {
  const patch: ClosingPatch = { p: view.path }
  recordDiff(patch, sent, record)
  // the trace grows after connected only when something was appended: then the whole of it goes
  if (view.trace.length !== (sent.trace?.length ?? -1)) withTrace(patch, view.trace, record)
  return JSON.stringify(patch)
}

/** Applies one patch line to a stored entry read so far. */
function apply(entry: StoredInteraction, patch: StoredPatch): void {
  // a new object: the record read is shared with nobody yet, but properties deleted would slow it down
  const record = { ...entry.record, ...patch.r } as Record<string, unknown>
  for (const key of patch.u ?? []) delete record[key]
  entry.record = record as unknown as InteractionRecord
  if (patch.t) {
    entry.trace = patch.t
    // the record's explanation, as the router had it: one object for both, as before it was stored
    for (const i of patch.e ?? []) if (patch.t[i]) patch.t[i].value = record.explanation
  }
  if (patch.x) delete entry.input
  if (patch.s) delete entry.snapshot
}

function parseLines(what: string, id: string, text: string): unknown[] {
  try {
    return text.split('\n').map((line) => JSON.parse(line) as unknown)
  } catch (error) {
    throw new Error(
      `Redis holds ${what} "${id}" in a form this build does not read (${(error as Error).message}); was it written by another Routewright build?`,
    )
  }
}

/**
 * An open interaction as Redis holds it: a stored entry and its patch lines. A text of one line (a whole entry, as
 * builds before the patches wrote it) reads as before.
 */
export function parseStored(id: string, text: string): StoredInteraction {
  const [first, ...patches] = parseLines('the interaction', id, text)
  const entry = first as StoredInteraction
  if (typeof entry !== 'object' || entry === null || typeof entry.record !== 'object')
    throw new Error(
      `Redis holds the interaction "${id}" without its record; was it written by another Routewright build?`,
    )
  for (const patch of patches) apply(entry, patch as StoredPatch)
  return entry
}

/**
 * An ended interaction's view as Redis holds it: a whole view (written without a stored entry, or by builds before
 * the patches), or the stored entry, its patches and the closing line.
 */
export function parseClosed(id: string, text: string): InteractionView {
  const lines = parseLines('the ended interaction', id, text)
  const first = lines[0] as Partial<StoredInteraction> & Partial<InteractionView>
  if (lines.length === 1 && first.record === undefined) return first as InteractionView
  const entry = first as StoredInteraction
  for (const patch of lines.slice(1, -1)) apply(entry, patch as StoredPatch)
  const closing = lines[lines.length - 1] as ClosingPatch
  if (lines.length < 2 || !Array.isArray(closing.p))
    throw new Error(`Redis holds the ended interaction "${id}" without its closing line`)
  apply(entry, closing)
  // the order a view is answered in: the record's fields, path, explanation, trace
  const { explanation, ...rest } = entry.record
  const view = rest as InteractionView
  view.path = closing.p
  if (explanation) view.explanation = explanation
  view.trace = entry.trace ?? []
  return view
}
