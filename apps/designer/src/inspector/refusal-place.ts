// pure: where a refused form edit was, in the inspector's words, and which of its fields shows the complaint.
import type { Path } from '@routewright/strategy-dsl'

/** A list of a node's by what one entry is called in the inspector. */
const ENTRY: Readonly<Record<string, string>> = {
  cases: 'case',
  branches: 'branch',
  treatments: 'treatment',
  targets: 'target',
  escalate: 'escalation step',
}

/**
 * The place a refusal's path names, for the notice: "case 3 of node choose_site" for
 * ['nodes', 'choose_site', 'cases', 2, 'label'], "node paris" for a node's own field, "the strategy" above the nodes.
 */
export function refusalPlace(path: Path): string {
  const [top, id, list, index] = path
  if (top !== 'nodes' || typeof id !== 'string') return 'the strategy'
  const node = `node ${id}`
  if (typeof list !== 'string' || typeof index !== 'number') return node
  // counted from 1, as the inspector's placeholders ("case 3") count them
  return `${ENTRY[list] ?? list} ${index + 1} of ${node}`
}

/**
 * The inspector field (its `name`, as in `field-<name>`) a refusal's path points at in the form of node `id`:
 * ['nodes', 'choose_site', 'cases', 2, 'label'] is `cases-2-label`; undefined for another node or the strategy.
 */
export function refusedFieldName(path: Path, id: string): string | undefined {
  if (path[0] !== 'nodes' || path[1] !== id || path.length < 3) return undefined
  return path.slice(2).join('-')
}
