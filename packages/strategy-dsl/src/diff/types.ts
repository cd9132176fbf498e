// The shape of a semantic diff between two versions of a strategy or a directory: data, rendered by callers.
import type { Path } from '../nodes/kind.ts'
import type { NodeType, StrategyNode } from '../nodes/registry.ts'

/** One value that differs, at a path relative to what holds it; `before` or `after` is undefined when absent. */
export interface FieldChange {
  path: Path
  before: unknown
  after: unknown
}

/**
 * A node of the strategy that is new, gone, edited or renamed. A rename is reported only when the node's
 * content is identical and every reference to the old id (edges and `start`) now names the new id; any other
 * change of id is a removal plus an addition.
 */
export interface NodeChange {
  /** The id in the new version (the old id for a removed node). */
  id: string
  change: 'added' | 'removed' | 'changed' | 'renamed'
  /** The old id, for a rename. */
  from?: string
  type: NodeType
  /** For a changed node: its fields that differ, edges excluded (they are in `edges`). */
  fields: FieldChange[]
  /** The node as written, for an added or removed node. */
  node?: StrategyNode
}

/** An output of a node present in both versions that now leads elsewhere, or that appeared or went away. */
export interface EdgeChange {
  /** The node whose output it is, by its id in the new version. */
  node: string
  /** The output's name as on the canvas: `default`, `timeout`, a case label ... */
  output: string
  /** Where the edge is written inside the node (`['next', 'timeout']`, `['cases', 0, 'next']`). */
  path: Path
  change: 'added' | 'removed' | 'rewired'
  /** The target in the old version, by its id in the new version when it was renamed. */
  before: string | undefined
  after: string | undefined
}

/** A named entry of a document section (an input, a variable, an agent, a queue ...) that differs. */
export interface EntryChange {
  /** `inputs`, `outputs`, `variables`; in a directory `agents`, `groups`, `queues`, `calendars` ... */
  section: string
  name: string
  change: 'added' | 'removed' | 'changed'
  /** For a changed entry, its fields that differ (relative to the entry). */
  fields: FieldChange[]
  before: unknown
  after: unknown
}

/** What differs between two strategies, layout and formatting ignored. */
export interface StrategyDiff {
  kind: 'strategy'
  /** Top-level settings: `strategy`, `title`, `description`, `start`, `format`. */
  settings: FieldChange[]
  /** Inputs, outputs and variables. */
  entries: EntryChange[]
  nodes: NodeChange[]
  edges: EdgeChange[]
}

/** What differs between two directories, formatting ignored. */
export interface DirectoryDiff {
  kind: 'directory'
  /** Top-level settings: `directory`, `title`, `format`. */
  settings: FieldChange[]
  entries: EntryChange[]
}

export type DocumentDiff = StrategyDiff | DirectoryDiff
