// pure: parses and validates a share of the strategy files, keeping each file's locator between the two phases
// (a locator holds functions, so it stays where it was made: in this thread or in a worker).
import {
  createLineIndex,
  type Diagnostic,
  type DirectoryDocument,
  declaredStrategyId,
  type Range,
  type SourceLocator,
  type StrategyDocument,
  safeParseStrategy,
  validateStrategy,
} from '@routewright/strategy-dsl'

export interface ShardItem {
  index: number
  display: string
  input: string | Uint8Array
}

export interface ParsedItem {
  index: number
  document?: StrategyDocument
  /** Where the `strategy:` id is written, for findings about the id across files. */
  idRange?: Range
  diagnostics: Diagnostic[]
}

export interface ValidatedItem {
  index: number
  diagnostics: Diagnostic[]
}

const utf8 = new TextDecoder()

/** The range of the `strategy:` id, or undefined when not written plainly. */
export function idRangeOf(text: string): Range | undefined {
  const declared = declaredStrategyId(text)
  if (!declared) return undefined
  const at = createLineIndex(text) // the DSL's one line index, so CR line ends count as they do in diagnostics
  return { start: at(declared.offset), end: at(declared.endOffset) }
}

/**
 * What validating another strategy needs to know of a callee: its id, inputs and outputs, and its subroutine
 * calls (for recursion) and handovers (a one-file run looks up the strategies they name). Workers receive these
 * instead of whole documents: a fraction of the memory.
 */
export function calleeView(document: StrategyDocument): StrategyDocument {
  const nodes: StrategyDocument['nodes'] = {}
  for (const [id, node] of Object.entries(document.nodes))
    if (node.type === 'subroutine' || (node.type === 'route' && node.strategy !== undefined)) nodes[id] = node
  const { layout: _layout, nodes: _nodes, ...rest } = document as StrategyDocument & { layout?: unknown }
  return { ...rest, nodes } as StrategyDocument
}

export class StrategyShard {
  private readonly parsed = new Map<
    number,
    { display: string; document: StrategyDocument; locator: SourceLocator }
  >()

  /** Parses `items`; with `views`, the documents handed back are callee views (the shard keeps the whole ones). */
  parse(items: readonly ShardItem[], views = false): ParsedItem[] {
    return items.map(({ index, display, input }) => {
      const result = safeParseStrategy(input, { file: display })
      if (!result.success) return { index, diagnostics: result.diagnostics }
      this.parsed.set(index, { display, document: result.data, locator: result.locator })
      // read from the text: asking the locator would build the full YAML tree that clean files never need
      const text = typeof input === 'string' ? input : utf8.decode(input)
      const idRange = idRangeOf(text)
      return {
        index,
        document: views ? calleeView(result.data) : result.data,
        diagnostics: result.diagnostics,
        ...(idRange ? { idRange } : {}),
      }
    })
  }

  /**
   * Validates every strategy this shard parsed, with all strategies known (subroutine calls resolve), and lets go
   * of each one once checked: a locator asked for positions holds the file's whole tree (a quarter of a megabyte).
   */
  validate(
    strategies: ReadonlyMap<string, StrategyDocument>,
    directory?: DirectoryDocument,
  ): ValidatedItem[] {
    const out: ValidatedItem[] = []
    for (const [index, { display, document, locator }] of this.parsed) {
      this.parsed.delete(index)
      out.push({
        index,
        diagnostics: validateStrategy(document, {
          file: display,
          locator,
          strategies,
          ...(directory ? { directory } : {}),
        }),
      })
    }
    return out
  }
}
