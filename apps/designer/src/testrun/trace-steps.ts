// pure: turns a scenario run into steps the debugger walks through, and the canvas highlight of a step
import type { Explanation, RouterEvent, ScenarioResult, TraceEntry } from '@routewright/strategy-runtime'
import type { Highlight } from '../core/editor-store.ts'

/** One node entered during the run, with everything it did until the next node. */
export interface TraceStep {
  index: number
  strategy: string
  node: string
  /** Simulated ms from the scenario start. */
  at: number
  entries: TraceEntry[]
  /** The output taken, when the node left through one. */
  exit: string | undefined
  /** What the node computed: variables and data written, statistics read, the case chosen. */
  values: Record<string, unknown>
  /** The target selection's reasoning, for target nodes that routed (or gave up). */
  explanation: Explanation | undefined
  error: string | undefined
}

/**
 * Groups the trace by node entries. Entries before the first `enter` (none in practice) start a step of their own.
 * @example stepsOf(result)[0] // { node: 'has_tier', exit: 'attached', values: { case: 'attached' } ... }
 */
export function stepsOf(result: ScenarioResult): TraceStep[] {
  const steps: TraceStep[] = []
  const startedAt = result.trace[0]?.at ?? 0
  let current: TraceStep | undefined
  for (const entry of result.trace) {
    if (
      entry.kind === 'enter' ||
      !current ||
      current.node !== entry.node ||
      current.strategy !== entry.strategy
    ) {
      current = {
        index: steps.length,
        strategy: entry.strategy,
        node: entry.node,
        at: entry.at - startedAt,
        entries: [],
        exit: undefined,
        values: {},
        explanation: undefined,
        error: undefined,
      }
      steps.push(current)
    }
    current.entries.push(entry)
    switch (entry.kind) {
      case 'exit':
        current.exit = entry.name
        break
      case 'value':
      case 'stat':
        if (entry.name !== undefined) current.values[entry.name] = entry.value
        break
      case 'selection':
        if (isExplanation(entry.value)) current.explanation = entry.value
        break
      case 'error':
        current.error = entry.message
        break
      case 'treatment':
        current.values.treatment = entry.name
        break
      case 'enter':
      case 'wait':
      case 'finish':
        break
      default:
        assertNeverKind(entry.kind)
    }
  }
  attachExplanations(steps, result.events)
  if (result.explanation) {
    const last = [...steps].reverse().find((s) => s.node === result.explanation?.node)
    if (last && !last.explanation) last.explanation = result.explanation
  }
  return steps
}

/** Routed events carry the explanation of the node that routed; put each on that node's latest step before it. */
function attachExplanations(steps: TraceStep[], events: readonly RouterEvent[]): void {
  for (const event of events) {
    if (event.type !== 'routed') continue
    const step = [...steps].reverse().find((s) => s.node === event.explanation.node)
    if (step) step.explanation = event.explanation
  }
}

function isExplanation(value: unknown): value is Explanation {
  return typeof value === 'object' && value !== null && Array.isArray((value as Explanation).candidates)
}

function assertNeverKind(kind: never): void {
  // a trace kind added by the runtime shows as plain entries until the debugger learns it
  void kind
}

/**
 * The canvas highlight for stepping to `current`: the path up to it (nodes of this strategy only; subroutine
 * nodes live in other files) and the values each of those nodes computed.
 */
export function highlightOf(steps: readonly TraceStep[], current: number, strategy: string): Highlight {
  const upTo = steps.slice(0, current + 1).filter((s) => s.strategy === strategy)
  const path: string[] = []
  const values: Record<string, Record<string, unknown>> = {}
  for (const step of upTo) {
    if (path[path.length - 1] !== step.node) path.push(step.node)
    const shown = { ...step.values, ...(step.exit !== undefined ? { exit: step.exit } : {}) }
    values[step.node] = { ...values[step.node], ...shown }
  }
  const step = steps[current]
  const here = step?.strategy === strategy ? step.node : upTo[upTo.length - 1]?.node
  return here === undefined ? { path, values } : { path, current: here, values }
}

/** A value as the debugger prints it: strings bare, everything else as compact JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === undefined) return '—'
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}
