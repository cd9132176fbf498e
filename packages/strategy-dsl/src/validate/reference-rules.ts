// Reference rules (RW301-RW319): subroutine calls, returned values and names resolved by the directory.

import type { DirectoryDocument } from '../directory.ts'
import type { StrategyDocument } from '../document.ts'
import { formatNodePath } from '../format/node-path.ts'
import type { EndNode } from '../nodes/end.ts'
import type { FunctionNode } from '../nodes/function.ts'
import type { Path } from '../nodes/kind.ts'
import type { SubroutineNode } from '../nodes/subroutine.ts'
import type { TargetNode } from '../nodes/target.ts'
import { type TargetSpec, targetKindOf, targetNameOf } from '../schema/targets.ts'
import { nodePath, type RuleContext } from './context.ts'
import { nameHint } from './did-you-mean.ts'
import { expectType } from './expression-rules.ts'
import type { StrategyGraph } from './graph.ts'
import { missingStrategyMessage } from './strategy-messages.ts'

export function checkReferences(rc: RuleContext, graph: StrategyGraph): void {
  checkOutputsReturned(rc, graph)
  graph.ids.forEach((id, i) => {
    const node = graph.nodes[i]
    if (!node) return
    switch (node.type) {
      case 'subroutine':
        checkSubroutine(rc, id, node)
        break
      case 'end':
        checkReturn(rc, id, node)
        break
      case 'target':
        checkTargets(rc, id, node)
        break
      case 'function':
        checkFunction(rc, id, node)
        break
      case 'schedule':
        if (typeof node.calendar === 'string')
          checkName(rc, id, 'calendars', node.calendar, nodePath(id, 'calendar'))
        break
      case 'route':
        if (node.destination !== undefined)
          checkName(rc, id, 'destinations', node.destination, nodePath(id, 'destination'))
        if (node.strategy !== undefined && rc.strategies && !rc.strategies.has(node.strategy)) {
          const near = nameHint(node.strategy, rc.strategies.keys())
          rc.reporter.report({
            code: 'RW319',
            severity: 'error',
            message: missingStrategyMessage(id, 'hands over to', node.strategy, rc.strategiesFrom, near.hint),
            path: nodePath(id, 'strategy'),
            node: id,
            fix: near.fix,
          })
        }
        break
      default:
        break
    }
  })
}

type Section = 'groups' | 'agents' | 'queues' | 'calendars' | 'destinations' | 'functions'
const CODES: Record<Section, string> = {
  groups: 'RW310',
  agents: 'RW311',
  queues: 'RW312',
  calendars: 'RW313',
  destinations: 'RW314',
  functions: 'RW315',
}
const SINGULAR: Record<Section, string> = {
  groups: 'group',
  agents: 'agent',
  queues: 'queue',
  calendars: 'calendar',
  destinations: 'destination',
  functions: 'function',
}

/** Reports a name the directory does not have (only when a directory is given). */
function checkName(rc: RuleContext, id: string, section: Section, name: string, path: Path): boolean {
  const directory: DirectoryDocument | undefined = rc.directory
  if (!directory) return true
  const table = directory[section] ?? {}
  if (Object.hasOwn(table, name)) return true
  const near = nameHint(name, Object.keys(table), section)
  rc.reporter.report({
    code: CODES[section],
    severity: 'error',
    message: `The directory has no ${SINGULAR[section]} "${name}".${near.hint} Add it to the directory or fix the name.`,
    path,
    node: id,
    fix: near.fix,
  })
  return false
}

function checkTargets(rc: RuleContext, id: string, node: TargetNode): void {
  const check = (targets: TargetSpec[], base: Path) => {
    targets.forEach((target, i) => {
      const kind = targetKindOf(target)
      if (kind === 'skill') return
      checkName(rc, id, `${kind}s`, targetNameOf(target), nodePath(id, ...base, i, kind))
    })
  }
  check(node.targets, ['targets'])
  node.escalate?.forEach((step, i) => {
    if (step.add) check(step.add, ['escalate', i, 'add'])
    if (step.replace) check(step.replace, ['escalate', i, 'replace'])
  })
}

function checkFunction(rc: RuleContext, id: string, node: FunctionNode): void {
  if (!checkName(rc, id, 'functions', node.call, nodePath(id, 'call'))) return
  const declaration = rc.directory?.functions?.[node.call]
  if (!declaration) return
  const expected = declaration.args ?? []
  const given = node.args ?? []
  if (given.length !== expected.length) {
    rc.reporter.report({
      code: 'RW317',
      severity: 'error',
      message: `${node.call}() takes ${expected.length} argument${expected.length === 1 ? '' : 's'} (${expected.join(', ') || 'none'}) but node "${id}" passes ${given.length}.`,
      path: nodePath(id, given.length > 0 ? 'args' : 'call'),
      node: id,
    })
    return
  }
  expected.forEach((type, i) => {
    expectType(rc, id, ['args', i], type, `argument ${i + 1} of ${node.call}()`)
  })
}

function checkSubroutine(rc: RuleContext, id: string, node: SubroutineNode): void {
  if (!rc.strategies) return
  const callee: StrategyDocument | undefined = rc.strategies.get(node.call)
  if (!callee) {
    const near = nameHint(node.call, rc.strategies.keys())
    rc.reporter.report({
      code: 'RW301',
      severity: 'error',
      message: missingStrategyMessage(id, 'calls', node.call, rc.strategiesFrom, near.hint),
      path: nodePath(id, 'call'),
      node: id,
      fix: near.fix,
    })
    return
  }
  const cycle = callCycle(rc.document.strategy, node.call, rc.strategies)
  if (cycle) {
    rc.reporter.report({
      code: 'RW308',
      severity: 'error',
      message: `Calling "${node.call}" here recurses: ${formatNodePath(cycle)}. Subroutines cannot call themselves, directly or through others.`,
      path: nodePath(id, 'call'),
      node: id,
    })
  }
  const calleeInputs = callee.inputs ?? {}
  const given = node.inputs ?? {}
  for (const [name, field] of Object.entries(calleeInputs)) {
    if (field.required && field.default === undefined && !Object.hasOwn(given, name)) {
      rc.reporter.report({
        code: 'RW302',
        severity: 'error',
        message: `"${node.call}" requires input "${name}" (${field.type}); pass it under inputs.`,
        path: nodePath(id, node.inputs ? 'inputs' : 'call'),
        node: id,
      })
    }
  }
  for (const name of Object.keys(given)) {
    const field = calleeInputs[name]
    if (!field) {
      const near = nameHint(name, Object.keys(calleeInputs))
      rc.reporter.report({
        code: 'RW303',
        severity: 'error',
        message: `"${node.call}" has no input "${name}".${near.hint} Its inputs: ${Object.keys(calleeInputs).join(', ') || 'none'}.`,
        path: nodePath(id, 'inputs', name),
        node: id,
        atKey: true,
        fix: near.fix,
      })
      continue
    }
    expectType(rc, id, ['inputs', name], field.type, `input "${name}" of ${node.call}`)
  }
  const outputs = callee.outputs ?? {}
  for (const [local, output] of Object.entries(node.into ?? {})) {
    if (!Object.hasOwn(outputs, output)) {
      const near = nameHint(output, Object.keys(outputs))
      rc.reporter.report({
        code: 'RW305',
        severity: 'error',
        message: `"${node.call}" returns no output "${output}".${near.hint} Its outputs: ${Object.keys(outputs).join(', ') || 'none'}.`,
        path: nodePath(id, 'into', local),
        node: id,
        fix: near.fix,
      })
    }
  }
}

function checkReturn(rc: RuleContext, id: string, node: EndNode): void {
  const values = node.values ?? {}
  const outputs = rc.document.outputs ?? {}
  if (node.outcome !== 'return') {
    if (node.values !== undefined) {
      rc.reporter.report({
        code: 'RW309',
        severity: 'warning',
        message: `Node "${id}" ends with ${node.outcome}, which returns nothing, so its values are ignored: use outcome: return or delete values.`,
        path: nodePath(id, 'values'),
        node: id,
      })
    }
    return
  }
  for (const name of Object.keys(values)) {
    const field = outputs[name]
    if (!field) {
      const near = nameHint(name, Object.keys(outputs))
      rc.reporter.report({
        code: 'RW306',
        severity: 'error',
        message: `Node "${id}" returns "${name}", which is not a declared output.${near.hint} Declare it under outputs.`,
        path: nodePath(id, 'values', name),
        node: id,
        atKey: true,
        fix: near.fix,
      })
      continue
    }
    expectType(rc, id, ['values', name], field.type, `output "${name}"`)
  }
  for (const [name, field] of Object.entries(outputs)) {
    if (field.required && field.default === undefined && !Object.hasOwn(values, name)) {
      rc.reporter.report({
        code: 'RW307',
        severity: 'error',
        message: `Node "${id}" returns without required output "${name}" (${field.type}); add it under values.`,
        path: nodePath(id, node.values ? 'values' : 'outcome'),
        node: id,
      })
    }
  }
}

/** The chain of subroutine calls from `callee` back to `self`, if there is one (breadth-first, each strategy once). */
function callCycle(
  self: string,
  callee: string,
  strategies: ReadonlyMap<string, StrategyDocument>,
): string[] | undefined {
  const previous = new Map<string, string>([[callee, self]])
  const queue = [callee]
  for (let q = 0; q < queue.length; q++) {
    const at = queue[q] as string
    if (at === self) {
      const chain = [self]
      for (let v = previous.get(self); v !== undefined && v !== self; v = previous.get(v)) chain.push(v)
      chain.push(self)
      return [chain[0] as string, ...chain.slice(1, -1).reverse(), self]
    }
    for (const node of Object.values(strategies.get(at)?.nodes ?? {})) {
      if (node.type !== 'subroutine' || previous.has(node.call)) continue
      previous.set(node.call, at)
      queue.push(node.call)
    }
  }
  return undefined
}

/** Declared outputs that no `end: return` gives: the caller would always read the default. */
function checkOutputsReturned(rc: RuleContext, graph: StrategyGraph): void {
  const outputs = Object.keys(rc.document.outputs ?? {})
  if (outputs.length === 0) return
  const returned = new Set<string>()
  let returns = false
  for (const node of graph.nodes) {
    if (node.type !== 'end' || node.outcome !== 'return') continue
    returns = true
    for (const name of Object.keys(node.values ?? {})) returned.add(name)
  }
  for (const name of outputs) {
    if (returned.has(name)) continue
    rc.reporter.report({
      code: 'RW304',
      severity: 'warning',
      message: returns
        ? `Output "${name}" is declared but no end node returns it, so callers always get its default: return it under values or delete it.`
        : `Output "${name}" is declared but no end node has outcome: return, so the strategy never returns it: add an end with outcome: return and values.`,
      path: ['outputs', name],
      atKey: true,
    })
  }
}
