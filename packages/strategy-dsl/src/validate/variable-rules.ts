// Variable and input rules (RW110-RW115): declared before written, used once declared, names that do not clash.
import { BUILTIN_NAMES, RESERVED_WORDS } from '../expressions/environment.ts'
import type { Path } from '../nodes/kind.ts'
import type { StrategyNode } from '../nodes/registry.ts'
import type { Field } from '../schema/primitives.ts'
import { nodePath, type RuleContext } from './context.ts'
import { nameHint } from './did-you-mean.ts'
import { expectType } from './expression-rules.ts'
import type { StrategyGraph } from './graph.ts'

/** A variable a node writes, and what type the written value has when known. */
export interface VariableWrite {
  name: string
  /** Where the variable is named, relative to the node. */
  path: Path
  /** The value's type when the rule can tell; `expression` when it is the expression at `path`. */
  type: string | 'expression' | undefined
  what: string
}

/** The variables a node writes: assign `set`, function `into`, collect `into`, subroutine `into`. */
export function writesOf(node: StrategyNode, rc: RuleContext): VariableWrite[] {
  switch (node.type) {
    case 'assign':
      return Object.keys(node.set).map((name) => ({
        name,
        path: ['set', name],
        type: 'expression',
        what: 'the value',
      }))
    case 'function': {
      if (node.into === undefined) return []
      const returns = rc.directory?.functions?.[node.call]?.returns
      return [{ name: node.into, path: ['into'], type: returns, what: `the result of ${node.call}()` }]
    }
    case 'treatment':
      return node.collect
        ? [{ name: node.collect.into, path: ['collect', 'into'], type: 'string', what: 'collected digits' }]
        : []
    case 'subroutine': {
      const callee = rc.strategies?.get(node.call)
      return Object.entries(node.into ?? {}).map(([local, output]) => ({
        name: local,
        path: ['into', local],
        type: callee?.outputs?.[output]?.type,
        what: `output "${output}" of ${node.call}`,
      }))
    }
    default:
      return []
  }
}

const IDENTIFIER_RE = /[A-Za-z_][A-Za-z0-9_]*/g

export function checkVariables(rc: RuleContext, graph: StrategyGraph): void {
  const { document, reporter } = rc
  const variables = document.variables ?? {}
  const inputs = document.inputs ?? {}
  checkDeclarations(rc, 'variables', variables)
  checkDeclarations(rc, 'inputs', inputs)

  const read = new Set<string>()
  const readInputs = new Set<string>()
  let allInputsRead = false
  for (const checked of rc.expressions.values()) {
    const reads = checked.compiled?.reads
    if (!reads) {
      // an expression that does not compile still counts as using the names it mentions
      for (const name of checked.source.match(IDENTIFIER_RE) ?? []) {
        read.add(name)
        readInputs.add(name)
      }
      continue
    }
    for (const name of reads.identifiers) read.add(name)
    if (reads.dataKeys === undefined && reads.identifiers.includes('data')) allInputsRead = true
    for (const key of reads.dataKeys ?? []) readInputs.add(key)
  }

  const written = new Set<string>()
  graph.ids.forEach((id, i) => {
    const node = graph.nodes[i]
    if (!node) return
    for (const write of writesOf(node, rc)) {
      written.add(write.name)
      const field = variables[write.name]
      if (!field) {
        const near = nameHint(write.name, Object.keys(variables))
        reporter.report({
          code: 'RW112',
          severity: 'error',
          message: `Node "${id}" writes "${write.name}", which is not a declared variable.${near.hint} Declare it under variables with a type.`,
          path: nodePath(id, ...write.path),
          node: id,
          atKey: write.path[0] === 'set' || write.path[0] === 'into',
          fix: near.fix,
        })
        continue
      }
      if (write.type === 'expression') {
        expectType(rc, id, write.path, field.type, `variable "${write.name}"`)
      } else if (
        write.type !== undefined &&
        write.type !== field.type &&
        !(field.type === 'double' && write.type === 'int')
      ) {
        reporter.report({
          code: 'RW114',
          severity: 'error',
          message: `Node "${id}" stores ${write.what} (${write.type}) in "${write.name}", which is ${field.type}. Declare "${write.name}" as ${write.type} or store it elsewhere.`,
          path: nodePath(id, ...write.path),
          node: id,
        })
      }
    }
  })

  for (const name of Object.keys(variables)) {
    if (read.has(name)) continue
    reporter.report({
      code: 'RW110',
      severity: 'warning',
      message: written.has(name)
        ? `Variable "${name}" is set but never read: read it in an expression or delete it.`
        : `Variable "${name}" is never used: delete it.`,
      path: ['variables', name],
      atKey: true,
    })
  }
  if (!allInputsRead) {
    for (const name of Object.keys(inputs)) {
      if (readInputs.has(name)) continue
      reporter.report({
        code: 'RW111',
        severity: 'warning',
        message: `Input "${name}" is never read: read it as data.${name} or delete it.`,
        path: ['inputs', name],
        atKey: true,
      })
    }
  }
}

function checkDeclarations(
  rc: RuleContext,
  section: 'variables' | 'inputs',
  fields: Record<string, Field>,
): void {
  for (const [name, field] of Object.entries(fields)) {
    if (RESERVED_WORDS.has(name) || (section === 'variables' && BUILTIN_NAMES.has(name))) {
      rc.reporter.report({
        code: 'RW113',
        severity: 'error',
        message: RESERVED_WORDS.has(name)
          ? `"${name}" is a reserved word in expressions; rename the ${section === 'variables' ? 'variable' : 'input'}.`
          : `Variable "${name}" has the name of a built-in (${name}); rename it, e.g. "${name}_value".`,
        path: [section, name],
        atKey: true,
      })
    }
    if (field.default !== undefined && !defaultMatches(field)) {
      rc.reporter.report({
        code: 'RW115',
        severity: 'error',
        message: `The default of "${name}" (${JSON.stringify(field.default)}) is not a ${field.type}; write a ${field.type} value.`,
        path: [section, name, 'default'],
      })
    }
  }
}

function defaultMatches(field: Field): boolean {
  const value = field.default
  switch (field.type) {
    case 'string':
      return typeof value === 'string'
    case 'int':
      return typeof value === 'number' && Number.isInteger(value)
    case 'double':
      return typeof value === 'number'
    case 'bool':
      return typeof value === 'boolean'
    case 'list<string>':
      return Array.isArray(value)
    case 'map<string, string>':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
  }
}
