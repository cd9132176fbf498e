// pure: a run's trace as one flat list of pairs (time since the run started, record), where the record of a node
// entry is the compiled node itself: no entry object per node entered, no second list of times, and on a clock
// of whole milliseconds no boxed number per time. traceOf() builds the entries a host reads.
import type { TraceEntry } from '../api/types.ts'
import type { CompiledNode } from './compile.ts'

/** A trace entry as the engine records it: everything but its time. */
export type TraceRecord = Omit<TraceEntry, 'at'>

/** One slot of a run's trace: even slots are times since the run started, odd ones the records. */
export type TraceSlot = number | TraceRecord | CompiledNode

/** Entries in a trace. */
export function traceLength(trace: readonly TraceSlot[]): number {
  return trace.length >> 1
}

/** By a shared (frozen) record: the last three-entry trace that ends with it (appendTrace reuses it when equal). */
const threeOf = new WeakMap<TraceRecord | CompiledNode, TraceSlot[]>()

/**
 * `trace` with one more entry at its end: assign the result, and never write a trace in place (a short list is copied
 * at its exact size, and the three entries of a waiting interaction may be one array shared by many runs).
 */
export function appendTrace(
  trace: TraceSlot[],
  since: number,
  record: TraceRecord | CompiledNode,
): TraceSlot[] {
  const n = trace.length
  // a waiting interaction holds two or three entries (exact copies: tens of thousands wait at once); from the fourth
  // on the run mostly ends soon (a routed call's trace holds 8 entries, a queued one's 10): that copy gets room for
  // ten, so they push into it (a push past a 12-slot array's end grew it to 34 slots, 300 bytes a routed call)
  if (n >= 8) {
    trace.push(since, record)
    return trace
  }
  switch (n) {
    case 0:
      return [since, record]
    case 2:
      return [trace[0]!, trace[1]!, since, record]
    case 4: {
      // a waiting interaction's trace (entered, nobody ready, queued: shared frozen records, the same times): the
      // last one made with this third record when it matches, so tens of thousands waiting hold one array, not one
      // each that lives through every young collection while they wait (an append never writes it: it copies)
      const shared = Object.isFrozen(record) ? threeOf.get(record) : undefined
      if (
        shared !== undefined &&
        shared[4] === since &&
        shared[0] === trace[0] &&
        shared[1] === trace[1] &&
        shared[2] === trace[2] &&
        shared[3] === trace[3]
      )
        return shared
      const out = [trace[0]!, trace[1]!, trace[2]!, trace[3]!, since, record]
      if (Object.isFrozen(record)) threeOf.set(record, out)
      return out
    }
    case 6: {
      // twenty slots made, eight in use: a shorter length keeps the store (and the elements packed)
      const out = [
        trace[0]!,
        trace[1]!,
        trace[2]!,
        trace[3]!,
        trace[4]!,
        trace[5]!,
        since,
        record,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
      ]
      out.length = 8
      return out
    }
    default:
      return trace.concat([since, record])
  }
}

/** By node: its exits' trace records, frozen and shared by every run (an exit says nothing of the run itself). */
const exitsOf = new WeakMap<CompiledNode, Map<string, TraceRecord>>()

/** The trace record of leaving `node` (in `strategy`) by `output`: one shared record per node and output. */
export function exitRecord(strategy: string, node: CompiledNode, output: string): TraceRecord {
  // a node run in a strategy other than its own (never expected) gets a record of its own
  if (strategy !== node.strategy) return { strategy, node: node.id, kind: 'exit', name: output }
  let exits = exitsOf.get(node)
  if (exits === undefined) {
    exits = new Map()
    exitsOf.set(node, exits)
  }
  let record = exits.get(output)
  if (record === undefined) {
    record = Object.freeze({ strategy, node: node.id, kind: 'exit', name: output }) as TraceRecord
    exits.set(output, record)
  }
  return record
}

function isNode(record: TraceRecord | CompiledNode): record is CompiledNode {
  return !('kind' in record)
}

/** The entries with their times, new objects (`at` first, as hosts read them). */
export function traceEntries(trace: readonly TraceSlot[], startedAt: number): TraceEntry[] {
  const out: TraceEntry[] = new Array(trace.length >> 1)
  for (let i = 0; i + 1 < trace.length; i += 2) {
    const at = startedAt + (trace[i] as number)
    const record = trace[i + 1] as TraceRecord | CompiledNode
    out[i >> 1] = isNode(record)
      ? { at, strategy: record.strategy, node: record.id, kind: 'enter', name: record.node.type }
      : { at, ...record }
  }
  return out
}

/** One trace entry's fields, handed to a TraceVisitor in place of an entry object. */
export type TraceVisitor = (
  at: number,
  strategy: string,
  node: string,
  kind: TraceEntry['kind'],
  name: string | undefined,
  value: unknown,
) => void

/**
 * How a host's listener reads an interaction's trace: called, the entries (new objects); `visit`, where the host has
 * it, the same entries field by field with no object built (what a recorder reads of every finished interaction).
 */
export interface TraceAccess {
  (interaction: string): readonly TraceEntry[] | undefined
  /**
   * Visits the entries oldest first; false, visiting nothing, when the interaction has no trace here. A host gives
   * it only for its own router's traces, whole from the interaction's start: a recorder then reads a finished
   * interaction's record from it (queue segments, reservations, attached data) rather than from each event.
   */
  visit?(interaction: string, visitor: TraceVisitor): boolean
}

/** traceEntries' fields, oldest first, without building the entries. */
export function visitTrace(trace: readonly TraceSlot[], startedAt: number, visit: TraceVisitor): void {
  for (let i = 0; i + 1 < trace.length; i += 2) {
    const at = startedAt + (trace[i] as number)
    const record = trace[i + 1] as TraceRecord | CompiledNode
    if (isNode(record)) visit(at, record.strategy, record.id, 'enter', record.node.type, undefined)
    else visit(at, record.strategy, record.node, record.kind, record.name, record.value)
  }
}

/** The slots of entries with times (a resumed interaction's trace), counted from `startedAt`. */
export function traceSlots(entries: readonly TraceEntry[], startedAt: number): TraceSlot[] {
  const out: TraceSlot[] = []
  for (const { at, ...record } of entries) out.push(at - startedAt, record)
  return out
}
