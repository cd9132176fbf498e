// pure: an explanation written to Redis once. A connected or ended interaction's explanation is the value of its
// trace's selection entry (the same object), so a stored entry or closed view names that entry (`explained`)
// instead of writing it a second time, and its reader puts it back. Without `explained` (what a server before this
// wrote, or an explanation its trace does not hold) it is inline and read as is.
import type { TraceEntry } from '@routewright/strategy-runtime'

/** The index of the last trace entry whose value is `explanation` itself, or undefined. */
export function explainedAt(
  explanation: object | undefined,
  trace: readonly TraceEntry[] | undefined,
): number | undefined {
  if (explanation === undefined || trace === undefined) return undefined
  for (let i = trace.length - 1; i >= 0; i--) if (trace[i]!.value === explanation) return i
  return undefined
}

/**
 * Puts the explanation back on `target` from the trace entry `explained` names (the entry's own object, so the next
 * write finds it there again); nothing when `explained` is absent or names no entry with a value.
 */
export function restoreExplanation(
  target: { explanation?: unknown },
  explained: number | undefined,
  trace: readonly TraceEntry[] | undefined,
): void {
  if (explained === undefined) return
  const value = trace?.[explained]?.value
  if (typeof value === 'object' && value !== null) target.explanation = value
}
