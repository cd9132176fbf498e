// pure: what the keyboard's connect chooser offers (canvas/ConnectChooser.tsx): a node's free outputs, then the
// nodes an output can go to, each narrowed by what was typed.
import { kindOf, type StrategyDocument } from '@routewright/strategy-dsl'
import { outputPathKey } from './document-edit.ts'

/** One line of the chooser: `key` is what the command takes (an output's handle key, or a node id). */
export interface ConnectChoice {
  key: string
  /** What the line says: the output's name, or the node's id. */
  label: string
  /** The node's title, when it has one other than its id. */
  hint?: string
}

/** Case-insensitive: the choices whose label or hint starts with `query` first, then those that contain it. */
export function typeAhead(choices: readonly ConnectChoice[], query: string): ConnectChoice[] {
  const q = query.trim().toLowerCase()
  if (q === '') return [...choices]
  const texts = (c: ConnectChoice) => [c.label.toLowerCase(), (c.hint ?? '').toLowerCase()]
  const starts = choices.filter((c) => texts(c).some((t) => t.startsWith(q)))
  const contains = choices.filter((c) => !starts.includes(c) && texts(c).some((t) => t.includes(q)))
  return [...starts, ...contains]
}

/** The outputs of node `source` that go nowhere yet (a connected one is changed in the inspector or by a drag). */
export function freeOutputs(doc: StrategyDocument, source: string): ConnectChoice[] {
  const node = doc.nodes[source]
  if (!node) return []
  return kindOf(node)
    .outputs(node)
    .filter((o) => o.target === undefined)
    .map((o) => ({ key: outputPathKey(o.path), label: o.name }))
}

/** Every node but `source` (a node cannot connect to itself), with its title where it has one. */
export function targetNodes(doc: StrategyDocument, source: string): ConnectChoice[] {
  return Object.entries(doc.nodes)
    .filter(([id]) => id !== source)
    .map(([id, node]) =>
      node.title === undefined || node.title === id
        ? { key: id, label: id }
        : { key: id, label: id, hint: node.title },
    )
}
