// pure: one-click repairs offered beside a diagnostic (RW112: declare the variable a node writes, with its type;
// RW203: declare the input an expression reads as data.<name>; any misspelt name the DSL found a close one for:
// write that one instead).
import {
  compileExpression,
  type Diagnostic,
  type DirectoryDocument,
  isCompiled,
  nameFixSpan,
  nameFixTitle,
  type StrategyDocument,
  type ValueType,
} from '@routewright/strategy-dsl'

export interface QuickFix {
  /** What the button says, e.g. "Declare `lang` as string". */
  label: string
  apply(document: StrategyDocument): StrategyDocument
}

export interface QuickFixContext {
  directory?: DirectoryDocument | undefined
  strategies?: ReadonlyMap<string, StrategyDocument> | undefined
}

/** A CEL type name from the checker as a declarable variable type (`dyn` and the unknown become string). */
export function valueTypeOfCel(cel: string): ValueType {
  if (cel === 'int' || cel === 'double' || cel === 'bool' || cel === 'string') return cel
  if (cel.startsWith('list')) return 'list<string>'
  if (cel.startsWith('map')) return 'map<string, string>'
  return 'string'
}

/** The type a node's write into `name` has: the assigned expression's, the function's result, collected digits. */
function typeOfWrite(
  document: StrategyDocument,
  nodeId: string,
  name: string,
  ctx: QuickFixContext,
): ValueType {
  const node = document.nodes[nodeId]
  switch (node?.type) {
    case 'assign': {
      const source = node.set[name]
      if (source === undefined) return 'string'
      const compiled = compileExpression(source, {
        document,
        role: 'value',
        ...(ctx.directory ? { directory: ctx.directory } : {}),
      })
      return isCompiled(compiled) ? valueTypeOfCel(compiled.type) : 'string'
    }
    case 'function':
      return ctx.directory?.functions?.[node.call]?.returns ?? 'string'
    case 'subroutine': {
      const output = node.into?.[name]
      const type = output === undefined ? undefined : ctx.strategies?.get(node.call)?.outputs?.[output]?.type
      return type ?? 'string'
    }
    default:
      return 'string' // collected digits, and anything else that writes text
  }
}

function declareVariable(name: string, type: ValueType): QuickFix {
  return {
    label: `Declare \`${name}\` as ${type}`,
    apply: (document) => ({ ...document, variables: { ...document.variables, [name]: { type } } }),
  }
}

/** The type of the literal `data.<name>` is compared with in `expression` (`data.tier == "gold"`: string), else string. */
export function typeOfComparedInput(expression: string, name: string): ValueType {
  const input = `data\\.${name}\\b`
  const literal = `("[^"]*"|'[^']*'|true|false|-?\\d+\\.\\d+|-?\\d+)`
  const operator = '(?:==|!=|<=|>=|<|>)'
  const match =
    new RegExp(`${input}\\s*${operator}\\s*${literal}`).exec(expression) ??
    new RegExp(`${literal}\\s*${operator}\\s*${input}`).exec(expression)
  const value = match?.[1]
  if (value === undefined || value.startsWith('"') || value.startsWith("'")) return 'string'
  if (value === 'true' || value === 'false') return 'bool'
  return value.includes('.') ? 'double' : 'int'
}

/** The text at a diagnostic's path in the document (an expression), or '' when there is none. */
function textAt(document: StrategyDocument, path: readonly (string | number)[]): string {
  let value: unknown = document
  for (const key of path) value = (value as Record<string | number, unknown> | undefined)?.[key]
  return typeof value === 'string' ? value : ''
}

function declareInput(name: string, type: ValueType): QuickFix {
  return {
    label: `Declare input \`${name}\` as ${type}`,
    apply: (document) => ({ ...document, inputs: { ...document.inputs, [name]: { type } } }),
  }
}

export function quickFixesFor(
  diagnostic: Diagnostic,
  document: StrategyDocument | undefined,
  ctx: QuickFixContext = {},
): QuickFix[] {
  if (document === undefined) return []
  if (diagnostic.code === 'RW112') {
    const name = /writes "([^"]+)"/.exec(diagnostic.message)?.[1]
    const nodeId = diagnostic.path[0] === 'nodes' ? String(diagnostic.path[1]) : undefined
    if (name === undefined || nodeId === undefined || document.variables?.[name] !== undefined) return []
    return [declareVariable(name, typeOfWrite(document, nodeId, name, ctx))]
  }
  if (diagnostic.code === 'RW203') {
    // the message of an undeclared input (RW203 also names an unknown agent field, which has nothing to declare)
    const name = /^Input "([^"]+)" is not declared/.exec(diagnostic.message)?.[1]
    if (name === undefined || document.inputs?.[name] !== undefined) return []
    return [declareInput(name, typeOfComparedInput(textAt(document, diagnostic.path), name))]
  }
  return []
}

/** A repair of the text itself: the edited text, or undefined when the text no longer has what it repairs. */
export interface TextFix {
  label: string
  edit(text: string): string | undefined
}

/**
 * The misspelt name's repair (the DSL's `fix`): the name meant, written where the finding points, checked against
 * the text at the time it is applied (the finding may be older than the text).
 */
export function nameFixFor(diagnostic: Diagnostic): TextFix | undefined {
  const { fix, range } = diagnostic
  if (!fix || !range) return undefined
  return {
    label: nameFixTitle(fix),
    edit(text) {
      const span = nameFixSpan(text, range.start.offset, range.end.offset, fix)
      return span && text.slice(0, span.start) + fix.meant + text.slice(span.end)
    },
  }
}

/** Where one name fix goes in a text: offsets of the misspelt name, and what to write there. */
export interface PlacedNameFix {
  label: string
  start: number
  end: number
  meant: string
  /** The index in `diagnostics` of the finding it fixes. */
  diagnostic: number
}

/**
 * The name fixes of the findings an editor marks at `marks` (each a finding's code and 1-based start), placed in
 * `text`; a finding whose name is no longer at its range gives none.
 */
export function nameFixesAt(
  diagnostics: readonly Diagnostic[],
  text: string,
  marks: ReadonlyArray<{ code: string; line: number; column: number }>,
): PlacedNameFix[] {
  return diagnostics.flatMap((d, index) => {
    const { fix, range } = d
    const marked = marks.some(
      (m) => m.code === d.code && m.line === range?.start.line && m.column === range.start.column,
    )
    const span = marked && fix && range && nameFixSpan(text, range.start.offset, range.end.offset, fix)
    return span && fix ? [{ label: nameFixTitle(fix), ...span, meant: fix.meant, diagnostic: index }] : []
  })
}
