// Compiles a strategy once per router: expressions parsed, outputs mapped, delays collected, the graph the
// lifecycle walks; interactions then only evaluate.
import {
  type DirectoryDocument,
  kindOf,
  parseDuration,
  type StrategyDocument,
  type StrategyNode,
} from '@routewright/strategy-dsl'
import { compileRuntimeExpression, type RuntimeExpression, type StatRef } from './expressions.ts'
import { cyclicNodes, initialTransition, type Step, type StrategyGraph } from './lifecycle.ts'

export interface CompiledNode {
  id: string
  /** The strategy the node belongs to (a node entry's trace record is the node itself). */
  strategy: string
  node: StrategyNode
  /** Output name -> next node id (undefined when left unconnected: the default route). */
  outputs: Map<string, string | undefined>
  /** Expressions by path inside the node: `cases.0.when`, `set.attempts`, `targets.1.skill`. */
  expressions: Map<string, RuntimeExpression>
  /** Expressions that did not compile, by path, with CEL's message. */
  errors: Map<string, string>
  /** The first of `errors` (path, message), read on every entry: no look into the map when there is none. */
  firstError: readonly [string, string] | undefined
  /** Every statistic the node's strategy-scope expressions read, fetched before the node runs. */
  statRefs: StatRef[]
  /** Delays (ms) the node's state schedules: waits, timeouts, escalation steps. */
  delays: number[]
  /** The path of an interaction that entered this node first (frozen, shared): no list made per interaction. */
  firstPath: readonly string[]
}

export interface CompiledStrategy extends StrategyGraph {
  document: StrategyDocument
  nodes: Map<string, CompiledNode>
  /** Its start names one of its nodes (checked once here, not on every submit). */
  startIsNode: boolean
  /**
   * The lifecycle's first step of a frame that starts with no step taken (frozen, shared): what initialTransition
   * returns then under any step limit of 1 or more, without a step and a position made per interaction.
   */
  firstStep: Step
}

/** Compiles every strategy by name (an array of documents or a map of them), each once. */
export function compileStrategies(
  strategies: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>,
  directory: DirectoryDocument,
  functionTimeoutMs: number,
): Map<string, CompiledStrategy> {
  const compiled = new Map<string, CompiledStrategy>()
  for (const doc of strategies.values())
    compiled.set(doc.strategy, compileStrategy(doc, directory, functionTimeoutMs))
  return compiled
}

export function compileStrategy(
  document: StrategyDocument,
  directory: DirectoryDocument,
  functionTimeoutMs: number,
): CompiledStrategy {
  const nodes = new Map<string, CompiledNode>()
  for (const [id, node] of Object.entries(document.nodes))
    nodes.set(id, compileNode(id, node, document, directory, functionTimeoutMs))
  const outputs = new Map<string, ReadonlyMap<string, string | undefined>>()
  for (const [id, node] of nodes) outputs.set(id, node.outputs)
  const graph: StrategyGraph = {
    id: document.strategy,
    start: document.start,
    cyclic: cyclicNodes(outputs),
    outputsOf: (node) => outputs.get(node),
  }
  return {
    ...graph,
    document,
    nodes,
    startIsNode: nodes.has(document.start),
    firstStep: deepFreeze(initialTransition(graph, 0, 1)),
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const field of Object.values(value))
    if (typeof field === 'object' && field !== null) deepFreeze(field as object)
  return Object.freeze(value)
}

export function pathKey(path: readonly (string | number)[]): string {
  return path.join('.')
}

export function compileNode(
  id: string,
  node: StrategyNode,
  document: StrategyDocument,
  directory: DirectoryDocument,
  functionTimeoutMs: number,
): CompiledNode {
  const kind = kindOf(node)
  const outputs = new Map<string, string | undefined>()
  for (const output of kind.outputs(node)) outputs.set(output.name, output.target)
  const expressions = new Map<string, RuntimeExpression>()
  const errors = new Map<string, string>()
  const statRefs: StatRef[] = []
  for (const expr of kind.expressions(node)) {
    const key = pathKey(expr.path)
    const compiled = compileRuntimeExpression(expr.source, expr.role, { document, directory })
    if ('error' in compiled) errors.set(key, compiled.error)
    else {
      expressions.set(key, compiled)
      if (expr.role !== 'skill' && expr.role !== 'threshold') statRefs.push(...compiled.statRefs)
    }
  }
  return {
    id,
    strategy: document.strategy,
    node,
    outputs,
    expressions,
    errors,
    firstError: errors.size > 0 ? [...errors][0] : undefined,
    statRefs,
    delays: delaysOf(node, directory, functionTimeoutMs),
    firstPath: Object.freeze([id]),
  }
}

function ms(value: string | number | undefined): number | undefined {
  return value === undefined ? undefined : parseDuration(value)
}

function delaysOf(node: StrategyNode, directory: DirectoryDocument, functionTimeoutMs: number): number[] {
  const out = new Set<number>()
  const add = (value: number | undefined) => {
    if (value !== undefined) out.add(value)
  }
  switch (node.type) {
    case 'wait':
      add(ms(node.for))
      break
    case 'target':
      add(ms(node.wait))
      for (const step of node.escalate ?? []) add(ms(step.after))
      break
    case 'treatment':
      add(ms(node.collect?.timeout))
      break
    case 'function':
      add(ms(node.timeout ?? directory.functions?.[node.call]?.timeout) ?? functionTimeoutMs)
      break
    default:
      break
  }
  return [...out].sort((a, b) => a - b)
}
