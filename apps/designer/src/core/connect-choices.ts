// pure: what the keyboard's connect chooser offers (canvas/ConnectChooser.tsx): a node's outputs, then the nodes an
// output can go to, each narrowed by what was typed.
import { kindOf, type StrategyDocument } from '@routewright/strategy-dsl'
import { outputPathKey } from './document-edit.ts'

/** One line of the chooser: `key` is what the command takes (an output's handle key, or a node id). */
export interface ConnectChoice {
  key: string
  /** What the line says: the output's name, or the node's id. */
  label: string
  /** The node's title, when it has one other than its id. */
  hint?: string
  /** For an output that is connected: the node it goes to now (choosing a node replaces that edge). */
  now?: string
}

/** What the chooser's line shows: `error · now to closed`, `closed · Default route`. */
export function choiceText(choice: ConnectChoice): string {
  const parts = [choice.label]
  if (choice.hint !== undefined) parts.push(choice.hint)
  if (choice.now !== undefined) parts.push(`now to ${choice.now}`)
  return parts.join(' · ')
}

/** Case-insensitive: the choices whose label or hint starts with `query` first, then those that contain it. */
export function typeAhead(choices: readonly ConnectChoice[], query: string): ConnectChoice[] {
  const q = query.trim().toLowerCase()
  if (q === '') return [...choices]
  const texts = (c: ConnectChoice) => [c.label, c.hint ?? '', c.now ?? ''].map((t) => t.toLowerCase())
  const starts = choices.filter((c) => texts(c).some((t) => t.startsWith(q)))
  const contains = choices.filter((c) => !starts.includes(c) && texts(c).some((t) => t.includes(q)))
  return [...starts, ...contains]
}

/**
 * The outputs of node `source`: those that go nowhere yet first, then the connected ones with the node each goes to
 * now, so the keyboard can re-point an edge as a drag of its end does.
 */
export function outputChoices(doc: StrategyDocument, source: string): ConnectChoice[] {
  const node = doc.nodes[source]
  if (!node) return []
  const outputs = kindOf(node).outputs(node)
  return [
    ...outputs
      .filter((o) => o.target === undefined)
      .map((o) => ({ key: outputPathKey(o.path), label: o.name })),
    ...outputs.flatMap((o) =>
      o.target === undefined ? [] : [{ key: outputPathKey(o.path), label: o.name, now: o.target }],
    ),
  ]
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
