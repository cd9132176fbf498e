import { z } from 'zod'
import { nodeRefSchema } from '../schema/primitives.ts'

/** A step in a path into the document, from the outside in: `['nodes', 'vip', 'targets', 0]`. */
export type PathSegment = string | number
export type Path = readonly PathSegment[]

/** A named exit of a node and the node it leads to (undefined when left unconnected). */
export interface NodeOutput {
  /** Output name as shown on the node's handle: `"default"`, `"timeout"`, a case label ... */
  name: string
  target: string | undefined
  /** Where the edge is written, relative to the node. */
  path: Path
  /** An unconnected required output is an error; an optional one falls back to the default route (a warning). */
  required: boolean
  /**
   * Left unconnected, not worth a warning of its own (RW107): the `error` output of nodes that evaluate
   * expressions, which RW130 flags where it matters (a statistic is read).
   */
  quiet?: boolean
}

/** What a CEL expression must evaluate to and which names it may read. */
export type ExpressionRole =
  | 'condition' // bool, strategy scope
  | 'value' // any type, strategy scope (assignments, attached data, arguments)
  | 'int' // int, strategy scope (priorities)
  | 'skill' // bool, agent scope: skills, groups, agent attributes
  | 'threshold' // bool, agent scope plus statistics

/** An expression inside a node, with its location so diagnostics point inside it. */
export interface NodeExpression {
  path: Path
  source: string
  role: ExpressionRole
  /** For `value` expressions assigned to a typed variable: the type it must have. */
  expectedType?: string
}

/** What a name in a node refers to: a directory entry, another strategy, a strategy variable or a prompt. */
export type ReferenceKind =
  | 'group'
  | 'queue'
  | 'skill'
  | 'agent'
  | 'calendar'
  | 'destination'
  | 'function'
  | 'strategy'
  | 'variable'
  | 'prompt'
  /** A node of a strategy, named `<strategy>#<node>`: edges lead to it, tests expect it on their path. */
  | 'node'

/** A name a node's fields (not its expressions) refer to, and how the node uses it. */
export interface NodeReference {
  kind: ReferenceKind
  name: string
  /** Where the name is written, relative to the node; `atKey` when the name is the key there, not the value. */
  path: Path
  atKey?: boolean
  /** How the node uses it, in a few words: `target`, `calls`, `writes`, `plays`. */
  use: string
}

/**
 * Everything shared code needs to know about a node kind, read structurally so no caller switches on kinds.
 * `outputs` and `expressions` must list every edge and every expression of the node.
 */
export interface NodeKind<TNode> {
  type: string
  title: string
  description: string
  schema: z.ZodType<TNode>
  /** The node lets simulated time pass (a wait, a treatment, a target selection), so a loop through it cannot spin. */
  waits: boolean
  /** The node ends the interaction's strategy (route, end); it has no outputs. */
  terminal: boolean
  outputs(node: TNode): NodeOutput[]
  expressions(node: TNode): NodeExpression[]
  /** Names the node's fields refer to (names read inside expressions come from `expressions`); none when absent. */
  references?(node: TNode): NodeReference[]
  /** One line describing the settings, shown on the canvas: `"longest idle · vip_team · 30s"`. */
  summary(node: TNode): string
}

/** Fields every node may carry besides its kind's own. */
export const nodeBaseShape = {
  /** A short human title shown on the canvas instead of the id. */
  title: z.string().max(200).optional(),
  /** Free notes for the next designer; never read by the runtime. */
  notes: z.string().max(10_000).optional(),
}

/** The one required output of a node that goes on to a single next node, written `next: <node>`. */
export function nextOutput(target: string | undefined): NodeOutput {
  return { name: 'next', target, path: ['next'], required: true }
}

/** Helper for outputs written as `next: { name: node }`. */
export function namedOutputs(
  next: Partial<Record<string, string>> | undefined,
  names: readonly { name: string; required: boolean }[],
): NodeOutput[] {
  return names.map(({ name, required }) => ({
    name,
    target: next?.[name],
    path: ['next', name],
    required,
  }))
}

/**
 * Where a node that evaluates expressions goes when one fails (a statistic that cannot be read, a missing key,
 * a division by zero, an evaluation over its budget): written `error: <node>` beside the node's other fields.
 * Unconnected, the interaction leaves by the default route, as before the output existed.
 */
export const errorOutputSchema = nodeRefSchema.optional()

/** The quiet `error` output of a node that evaluates expressions; see `errorOutputSchema`. */
export function errorOutput(target: string | undefined): NodeOutput {
  return { name: 'error', target, path: ['error'], required: false, quiet: true }
}

/** Throws at compile time when a switch over a union misses a member. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`)
}
