// What the overview's status (aria-live) says: it mounts no node card, so a node's title, selection and problems
// reach a screen reader only here, read from the node as it is now (not as it was when the cursor moved).
import type { Diagnostic } from '@routewright/strategy-dsl'

type Severity = Diagnostic['severity']

/** What the read-out needs of a node's data: a strategy node's view, or a call frame's (its `view`). */
interface ReadData {
  title?: unknown
  severity?: unknown
  view?: { title?: unknown; severity?: unknown }
}

/** The node's worst problem, as its card marks it (`has-error`, `has-warning`), or undefined. */
export function severityOf(data: unknown): Severity | undefined {
  const d = data as ReadData | undefined
  const severity = d?.severity ?? d?.view?.severity
  return severity === 'error' || severity === 'warning' ? severity : undefined
}

/** The node's title as the overview shows it, else its id. */
export function titleOf(id: string, data: unknown): string {
  const d = data as ReadData | undefined
  const title = d?.title ?? d?.view?.title
  return typeof title === 'string' && title !== '' ? title : id
}

/** How many nodes have an error, and how many a warning (and no error). */
export interface ProblemCounts {
  errors: number
  warnings: number
}

export function countProblems(datas: Iterable<unknown>): ProblemCounts {
  const counts = { errors: 0, warnings: 0 }
  for (const data of datas) {
    const severity = severityOf(data)
    if (severity === 'error') counts.errors++
    else if (severity === 'warning') counts.warnings++
  }
  return counts
}

const nodes = (n: number) => (n === 1 ? '1 node' : `${n} nodes`)

/** "2 nodes with errors, 1 node with warnings.", or '' when none has a problem. */
export function problemsReadOut({ errors, warnings }: ProblemCounts): string {
  const parts: string[] = []
  if (errors > 0) parts.push(`${nodes(errors)} with errors`)
  if (warnings > 0) parts.push(`${nodes(warnings)} with warnings`)
  return parts.length === 0 ? '' : `${parts.join(', ')}.`
}

/** The cursor's node read out: its title, its problem, whether it is selected and what Enter and Space do. */
export function cursorReadOut(node: { id: string; data: unknown; selected?: boolean | undefined }): string {
  const severity = severityOf(node.data)
  const problem = severity === undefined ? '' : ` (has ${severity === 'error' ? 'an error' : 'a warning'})`
  const title = `${titleOf(node.id, node.data)}${problem}`
  return node.selected === true
    ? `${title} selected. Enter or Space zooms to it.`
    : `${title}. Enter selects it, Space zooms to it.`
}
