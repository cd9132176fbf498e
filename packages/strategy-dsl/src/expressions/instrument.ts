// Wraps the nodes of a checked cel-js tree once, so every evaluation spends from its budget meter and matches()
// runs on RE2. cel-js evaluates a tree by calling `node.evaluate(ev, node, ctx)`; an own `evaluate` on a node
// takes precedence over the one cel-js derives from the node's operator, which is the hook used here.
import { isBudgetError, type Meter } from './budget.ts'
import { regexMatches } from './regex.ts'

type EvalFn = (ev: Evaluator, ast: RawNode, ctx: unknown) => unknown

interface Evaluator {
  run(ast: RawNode, ctx: unknown): unknown
  tryEval(ast: RawNode, ctx: unknown): unknown
}

/** The parts of cel-js's (untyped) AST node this module reads. */
interface RawNode {
  op: string
  args: unknown
  meta: { alternate?: RawNode; macro?: Record<string, unknown>; evaluate?: EvalFn }
  evaluate: EvalFn
  left?: RawNode
  right?: RawNode
  handle?: (left: unknown, right: unknown, ast: RawNode, ev: Evaluator) => unknown
  receiverWithArgs?: RawNode[]
}

type CallHandle = (args: unknown[], a: unknown, b: unknown) => unknown

/** Where the wrapped nodes find the meter of the evaluation in progress. */
export interface MeterSlot {
  meter: Meter | undefined
}

function isNode(value: unknown): value is RawNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'meta' in value
}

/**
 * cel-js's `tryEval` turns a throw into a value (CEL's commutative `||`, `&&` and quantifiers absorb errors), which
 * would let an over-budget evaluation run on; this one lets budget errors through.
 */
function budgetTryEval(this: Evaluator, ast: RawNode, ctx: unknown): unknown {
  try {
    const result = this.run(ast, ctx)
    if (result instanceof Promise) return result.catch((error: unknown) => error)
    return result
  } catch (error) {
    if (isBudgetError(error)) throw error
    return error
  }
}

function guard(ev: Evaluator): void {
  if (ev.tryEval !== budgetTryEval) ev.tryEval = budgetTryEval
}

/** The evaluate function in force for a node: a wrapper set earlier, else the one of its operator. */
function currentEvaluate(node: RawNode): EvalFn {
  if (Object.hasOwn(node, 'evaluate')) return node.evaluate
  const meta = node.meta
  const alternate = meta.alternate
  if (alternate) return (ev, _ast, ctx) => alternate.evaluate(ev, alternate, ctx)
  const macro = meta.macro as unknown as RawNode | undefined
  if (macro) return (ev, _ast, ctx) => (macro.evaluate as EvalFn)(ev, macro, ctx)
  const own = meta.evaluate
  if (!own) throw new Error(`cel-js node "${node.op}" has no evaluate function`)
  return own
}

/** Number of operations in a comprehension body, nested comprehension bodies excluded (they charge themselves). */
export function bodySize(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + bodySize(item), 0)
  if (!isNode(value)) return 0
  const meta = value.meta
  if (meta.alternate) return bodySize(meta.alternate)
  if (meta.macro) return 1 + bodySize(meta.macro.val) + bodySize(meta.macro.exp)
  if (value.op === 'comprehension') {
    const args = value.args as { iterable: unknown; init: unknown }
    return 1 + bodySize(args.iterable) + bodySize(args.init)
  }
  return 1 + bodySize(value.args)
}

/** Wraps, once, every node of `root` that loops, builds values, calls functions or scans lists. */
export function instrument(root: unknown, slot: MeterSlot): void {
  walk(root, slot, new Set())
}

function walk(value: unknown, slot: MeterSlot, seen: Set<RawNode>): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, slot, seen)
    return
  }
  if (!isNode(value) || seen.has(value)) return
  seen.add(value)
  const node = value
  const meta = node.meta
  if (meta.alternate) {
    walk(meta.alternate, slot, seen)
    return
  }
  if (meta.macro) {
    // cel.bind(name, value, expression); has() reads fields only
    walk(meta.macro.val, slot, seen)
    walk(meta.macro.exp, slot, seen)
    return
  }
  switch (node.op) {
    case 'comprehension': {
      const args = node.args as { iterable: RawNode; init: RawNode; step: RawNode }
      walk(args.iterable, slot, seen)
      walk(args.init, slot, seen)
      walk(args.step, slot, seen)
      wrapStep(args.step, 1 + bodySize(args.step), slot)
      wrapBuilt(node, slot)
      return
    }
    case '+':
      walk(node.args, slot, seen)
      wrapBuilt(node, slot)
      return
    case 'in':
    case '==':
    case '!=':
      walk(node.args, slot, seen)
      wrapScan(node, slot)
      return
    case 'call':
      walk((node.args as [string, RawNode[]])[1], slot, seen)
      wrapCall(node, slot)
      return
    case 'rcall': {
      const [name, receiver, args] = node.args as [string, RawNode, RawNode[]]
      walk(receiver, slot, seen)
      walk(args, slot, seen)
      if (name === 'matches' && args.length === 1) replaceMatches(node, receiver, args[0] as RawNode, slot)
      else wrapCall(node, slot)
      return
    }
    default:
      walk(node.args, slot, seen)
  }
}

function wrapStep(step: RawNode, cost: number, slot: MeterSlot): void {
  const inner = currentEvaluate(step)
  step.evaluate = (ev, ast, ctx) => {
    guard(ev)
    ;(slot.meter as Meter).step(cost)
    return inner(ev, ast, ctx)
  }
}

function wrapBuilt(node: RawNode, slot: MeterSlot): void {
  const inner = currentEvaluate(node)
  node.evaluate = (ev, ast, ctx) => {
    guard(ev)
    const result = inner(ev, ast, ctx)
    ;(slot.meter as Meter).built(result)
    return result
  }
}

/** Length of a string or list argument, which a function may scan in full (`contains`, `join`, `split` ...). */
function scanned(value: unknown): number {
  return typeof value === 'string' || Array.isArray(value) ? value.length : 0
}

function wrapCall(node: RawNode, slot: MeterSlot): void {
  const rcall = node.op === 'rcall'
  const name = (node.args as [string])[0]
  node.evaluate = (ev, ast, ctx) => {
    guard(ev)
    const meter = slot.meter as Meter
    // cel-js set these while checking: the argument nodes (receiver first) and the resolved overload's handle
    const argNodes = (rcall ? ast.receiverWithArgs : (ast.args as [string, RawNode[]])[1]) as RawNode[]
    const args = new Array<unknown>(argNodes.length)
    let size = 0
    for (let i = 0; i < argNodes.length; i++) {
      const value = ev.run(argNodes[i] as RawNode, ctx)
      args[i] = value
      // the size of a list is known without a scan; a string's is counted in code points
      if (!(name === 'size' && Array.isArray(value))) size += scanned(value)
    }
    meter.step(1 + (size >> 4))
    // a call's handle takes (args, ast, ev), a method call's (args, ev, ast)
    const handle = ast.handle as unknown as CallHandle
    const result = rcall ? handle(args, ev, ast) : handle(args, ast, ev)
    meter.built(result)
    return result
  }
}

/** `in` and equality scan lists (and `==` whole strings): they cost one step per 16 items or characters. */
function wrapScan(node: RawNode, slot: MeterSlot): void {
  const [leftNode, rightNode] = node.args as [RawNode, RawNode]
  const inner = currentEvaluate(node)
  const membership = node.op === 'in'
  node.evaluate = (ev, ast, ctx) => {
    guard(ev)
    const handle = ast.handle
    if (!handle) return inner(ev, ast, ctx)
    const left = ev.run(leftNode, ctx)
    const right = ev.run(rightNode, ctx)
    const size = membership ? scanned(right) : Math.min(scanned(left), scanned(right))
    ;(slot.meter as Meter).step(1 + (size >> 4))
    return handle(left, right, ast, ev)
  }
}

function replaceMatches(node: RawNode, receiver: RawNode, pattern: RawNode, slot: MeterSlot): void {
  node.evaluate = (ev, _ast, ctx) => {
    guard(ev)
    const input = ev.run(receiver, ctx)
    const regex = ev.run(pattern, ctx)
    if (typeof input !== 'string' || typeof regex !== 'string') {
      throw new Error(
        `matches() needs a string and a string pattern, not ${typeof input} and ${typeof regex}`,
      )
    }
    const meter = slot.meter as Meter
    meter.step(1)
    meter.regex(input.length)
    return regexMatches(input, regex)
  }
}
