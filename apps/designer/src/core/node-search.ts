// pure: Find over node content: ids, titles, notes and every value inside a node (conditions, targets, prompts).
import { formatPath, type StrategyDocument, type StrategyNode } from '@routewright/strategy-dsl'

export interface NodeMatch {
  id: string
  /** Where the text was found, e.g. `cases[0].when` or `id`. */
  where: string
  /** The value that matched, for the result list. */
  text: string
}

function firstHit(value: unknown, query: string, path: (string | number)[]): NodeMatch | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const text = String(value)
    return text.toLowerCase().includes(query) ? { id: '', where: formatPath(path), text } : undefined
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = firstHit(value[i], query, [...path, i])
      if (hit) return hit
    }
    return undefined
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'type') continue
      const hit = firstHit(inner, query, [...path, key])
      if (hit) return hit
    }
  }
  return undefined
}

/** The first place `query` (case-insensitive) occurs in the node, or undefined. */
export function matchNode(id: string, node: StrategyNode, query: string): NodeMatch | undefined {
  const q = query.trim().toLowerCase()
  if (q === '') return undefined
  if (id.toLowerCase().includes(q)) return { id, where: 'id', text: id }
  const hit = firstHit(node, q, [])
  return hit ? { ...hit, id } : undefined
}

/** Every node with a match: nodes whose id matches first, then the others, each in document order. */
export function findNodes(document: StrategyDocument | undefined, query: string): NodeMatch[] {
  if (!document) return []
  const byId: NodeMatch[] = []
  const byContent: NodeMatch[] = []
  for (const [id, node] of Object.entries(document.nodes)) {
    const hit = matchNode(id, node, query)
    if (hit) (hit.where === 'id' ? byId : byContent).push(hit)
  }
  // an exact id wins over ids that merely contain the text ("vip" before "vip_desk")
  const exact = byId.filter((m) => m.id.toLowerCase() === query.trim().toLowerCase())
  return [...exact, ...byId.filter((m) => !exact.includes(m)), ...byContent]
}
