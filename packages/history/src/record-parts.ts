// pure: the parts of a record read from a trace and an explanation (selection summary, bounded data).
import type { Explanation, TraceEntry } from '@routewright/strategy-runtime'
import type { SelectionSummary } from './record.ts'

/** The last selection's explanation in the trace, when no routed event carried one. */
export function lastSelection(trace: readonly TraceEntry[]): Explanation | undefined {
  for (let i = trace.length - 1; i >= 0; i--) {
    const entry = trace[i]
    if (entry?.kind === 'selection' && entry.value && typeof entry.value === 'object') {
      return entry.value as Explanation
    }
  }
  return undefined
}

export function summarizeSelection(explanation: Explanation): SelectionSummary {
  const excluded: Record<string, number> = {}
  for (const candidate of explanation.candidates) {
    if (candidate.excluded) excluded[candidate.excluded] = (excluded[candidate.excluded] ?? 0) + 1
  }
  const summary: SelectionSummary = {
    node: explanation.node,
    rule: explanation.rule,
    reason: explanation.reason,
    // a summary explanation (the router's explainSummary) lists none and says how many it weighed
    candidates: explanation.weighed ?? explanation.candidates.length,
    excluded,
  }
  if (explanation.winner !== undefined) summary.winner = explanation.winner
  return summary
}

/**
 * Keeps attached data under `maxBytes` of JSON: keys are kept in order while they fit, and `_truncated` lists
 * how many were left out, so one strategy attaching a large document cannot bloat the store.
 */
export function boundData(data: Record<string, unknown>, maxBytes: number): Record<string, unknown> {
  const full = JSON.stringify(data)
  if (full.length <= maxBytes) return data
  const kept: Record<string, unknown> = {}
  let size = 2
  let dropped = 0
  for (const [key, value] of Object.entries(data)) {
    const piece = JSON.stringify({ [key]: value }).length - 1
    if (size + piece + 24 <= maxBytes) {
      kept[key] = value
      size += piece
    } else dropped++
  }
  kept._truncated = dropped
  return kept
}
