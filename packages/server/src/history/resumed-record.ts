// pure: what the history recorder is told of an interaction a takeover resumes here, read from what the last
// routing process left in Redis (record, waiting snapshot, trace): the recorder builds its record from it as from
// that process's events (records-builder.ts), so an offered or connected call keeps its agent, queue, wait and handling.
import type { ResumedInteraction } from '@routewright/history'
import type { TraceEntry } from '@routewright/strategy-runtime'
import type { ResumedHere } from '../core/coordinator.ts'

/** When the last selection that chose an agent was made (the routed event is told at once after it). */
function chosenAt(trace: readonly TraceEntry[]): number | undefined {
  for (let i = trace.length - 1; i >= 0; i--) {
    const entry = trace[i]!
    if (entry.kind === 'selection' && (entry.value as { winner?: unknown } | undefined)?.winner !== undefined)
      return entry.at
  }
  return undefined
}

export function resumedInteraction({ record, snapshot, trace: stored }: ResumedHere): ResumedInteraction {
  const trace = stored ?? snapshot?.trace ?? []
  const resumed: ResumedInteraction = {
    id: record.id,
    strategy: record.strategy,
    media: record.media,
    priority: snapshot?.priority ?? record.submitted?.priority ?? 0,
    arrivedAt: record.submittedAt,
    trace,
  }
  const data = record.data ?? snapshot?.data
  if (data && Object.keys(data).length > 0) resumed.data = data
  const { agent, target, explanation } = record
  // offered (its reservation pending, kept or withdrawn by the takeover) or answered before the hand-over
  if ((record.state === 'reserved' || record.state === 'connected') && agent && target) {
    const kept = snapshot?.reservation?.id === record.reservation ? snapshot?.reservation : undefined
    const node = explanation?.node ?? snapshot?.frames.at(-1)?.node
    if (node !== undefined)
      resumed.offered = {
        at: kept?.at ?? chosenAt(trace) ?? record.updatedAt,
        node,
        target,
        agent,
        ...(explanation ? { explanation } : {}),
      }
    // the connected record's last change was its answer (the finished event; the trace's finish entry says when)
    if (record.state === 'connected')
      resumed.answeredAt = trace.findLast((e) => e.kind === 'finish')?.at ?? record.updatedAt
  }
  return resumed
}
