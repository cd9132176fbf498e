// The choices of an output's select: each node a designer knows by its title, with the id that is saved.
import type { StrategyDocument } from '@routewright/strategy-dsl'

export interface OutputChoice {
  value: string
  label: string
}

/**
 * Every node but `from`, as `Title (id)`; a node without a title, or titled as its id, as its id alone.
 * @example outputChoices(doc, 'hours') // [{ value: 'closed', label: 'Default route (closed)' }, ...]
 */
export function outputChoices(document: Pick<StrategyDocument, 'nodes'>, from: string): OutputChoice[] {
  return Object.entries(document.nodes)
    .filter(([id]) => id !== from)
    .map(([id, node]) => {
      const title = node.title?.trim()
      return { value: id, label: title && title !== id ? `${title} (${id})` : id }
    })
}
