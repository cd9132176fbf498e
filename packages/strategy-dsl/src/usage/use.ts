// pure: what where-used reports: one place a name is used or declared, and the parsed files it reads.
import type { Range, SourceLocator } from '../diagnostics.ts'
import type { Path, ReferenceKind } from '../nodes/kind.ts'

/** A parsed workspace file; the locator (from the parse) gives each use its line and column. */
export interface UsageFile<TDocument> {
  file: string
  document: TDocument
  locator?: SourceLocator
}

/** One place a name is used (or declared), from the outside in: file, strategy, node, field path, range. */
export interface Use {
  kind: ReferenceKind
  /** Strategy inputs are named `data.<key>`, as expressions read them; nodes `<strategy>#<node>`. */
  name: string
  /** How it is used, in a few words: `target`, `calls`, `reads`, `writes`, `declared` ... */
  use: string
  file: string
  strategy?: string
  node?: string
  /** The full path in the file: `['nodes', 'vip', 'targets', 0, 'group']`. */
  path: Path
  /** Where the name itself is written: inside an expression or `group:sales`, only the name. */
  range?: Range
}

/**
 * The name of a node as where-used knows it: node ids are unique only within their strategy.
 * @example nodeName('vip-routing', 'vip_desk') // 'vip-routing#vip_desk'
 */
export function nodeName(strategy: string, node: string): string {
  return `${strategy}#${node}`
}

/** The name as it is written in the file: `phone` for the input `data.phone`, `vip_desk` for `vip-routing#vip_desk`. */
export function writtenName(use: Pick<Use, 'kind' | 'name'>): string {
  if (use.kind === 'node') return use.name.slice(use.name.indexOf('#') + 1)
  return use.name.startsWith('data.') ? use.name.slice('data.'.length) : use.name
}
