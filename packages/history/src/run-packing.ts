// The routing thread's share of recording at an interaction's end: its whole record (path, queue segments,
// reservations, attached data, last selection) packed from its trace in one pass, as numbers, in place of one
// callback and one packed event per router event. The writer thread expands it into the events it stands for.
import type { Explanation, TraceAccess, TraceVisitor } from '@routewright/strategy-runtime'
import { createPathWriter } from './path-packing.ts'
import { type EventPacker, RUN_CODE, RUN_OPS } from './record-codec.ts'

/** What a finished event gives the run's packing besides its trace. */
export interface FinishedRun {
  interaction: string
  at: number
  outcome: string
  destination?: string
}

/**
 * Packs a finished interaction from its trace (TraceAccess.visit: the router's own trace from the interaction's
 * start, read field by field). False, packing nothing, when the host has no such trace of it.
 */
export function createRunPacker(
  p: EventPacker,
  summary: (e: Explanation) => void,
): (finished: FinishedRun, traceOf: TraceAccess) => boolean {
  const path = createPathWriter(p, summary)
  // the trace's state while it is visited (no object per interaction)
  let selection: Explanation | undefined
  /** The entry just visited was a selection with a winner (a `reserved` entry then records its reservation). */
  let justSelected = false
  const step: TraceVisitor = (at, strategy, node, kind, name, value) => {
    path.seen(at, strategy)
    const selected = justSelected
    justSelected = false
    switch (kind) {
      case 'enter':
        p.num(RUN_OPS.enter)
        path.enter(at, strategy, node)
        return
      case 'exit':
        path.exit(strategy, node, name)
        return
      case 'selection':
        if (value && typeof value === 'object') {
          selection = value as Explanation
          justSelected = selection.winner !== undefined
        }
        return
      case 'value': {
        if (value === null || typeof value !== 'object') return
        if (name === 'data') {
          // attached data as the host heard it (`data` is no variable name: nothing else writes this entry)
          p.num(RUN_OPS.data)
          p.num(at)
          p.data(value as Record<string, unknown>)
        } else if (name === 'reserved' && selected && selection) {
          // right after the selection that chose this agent: a variable named `reserved` is never there
          const r = value as { agent: string; target: string; priority: number }
          if (r.agent !== selection.winner) return
          p.num(RUN_OPS.routed)
          p.num(at)
          p.shared(node)
          p.shared(r.target)
          p.shared(r.agent)
          p.num(r.priority)
          summary(selection)
        }
        return
      }
      case 'wait':
        if (name === 'queued') {
          const q = value as { priority: number; targets: readonly string[] }
          p.num(RUN_OPS.queued)
          p.num(at)
          p.shared(node)
          p.num(q.priority)
          p.num(q.targets.length)
          for (const target of q.targets) p.shared(target)
        } else if (name === 'rejected') {
          const r = value as { agent: string; reason: string }
          p.num(RUN_OPS.rejected)
          p.num(at)
          p.shared(r.agent)
          p.id(r.reason)
        } else if (name === 'timeout') {
          p.num(RUN_OPS.timeout)
          p.num(at)
        }
        return
      default:
        return
    }
  }
  return (finished, traceOf) => {
    const visit = traceOf.visit
    if (visit === undefined) return false
    const start = p.position
    p.begin(RUN_CODE)
    p.id(finished.interaction)
    p.num(finished.at)
    p.shared(finished.outcome)
    p.shared(finished.destination ?? null)
    path.begin()
    selection = undefined
    justSelected = false
    if (!visit(finished.interaction, step)) {
      p.rewind(start)
      return false
    }
    p.num(RUN_OPS.end)
    // a routed interaction's selection is its reservation's; another keeps the trace's last one
    path.end(finished.outcome !== 'routed' ? selection : undefined)
    p.end()
    // the explanation stays with the router, not here until the next finished interaction
    selection = undefined
    return true
  }
}

/** The kinds a run's packing records from the trace: with a trace to visit, their events are not packed. */
export function fromTrace(type: string): boolean {
  return (
    type === 'queued' ||
    type === 'routed' ||
    type === 'reservation-rejected' ||
    type === 'timeout' ||
    type === 'data-attached'
  )
}
