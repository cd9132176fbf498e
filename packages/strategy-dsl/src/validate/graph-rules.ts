// Graph rules (RW101-RW107): start, dangling references, reachability, termination, spinning loops, open outputs.
import { formatNodePath } from '../format/node-path.ts'
import { treatmentLengthMs } from '../schema/treatment.ts'
import { nodePath, type RuleContext } from './context.ts'
import { nameHint } from './did-you-mean.ts'
import { canReach, cyclicComponents, reachableFrom, type StrategyGraph } from './graph.ts'

export function checkGraph(rc: RuleContext, graph: StrategyGraph): void {
  const { reporter, document } = rc
  const start = graph.index.get(document.start)
  if (start === undefined) {
    const near = nameHint(document.start, graph.ids)
    reporter.report({
      code: 'RW101',
      severity: 'error',
      message:
        graph.ids.length === 0
          ? 'The strategy has no nodes: add one under nodes and name it in start.'
          : `start names "${document.start}", which is not a node.${near.hint} Set start to the node interactions enter first.`,
      path: ['start'],
      fix: near.fix,
    })
  }
  checkOutputs(rc, graph)
  checkLoops(rc, graph)
  if (start === undefined) return
  const reachable = reachableFrom(graph, start)
  const mayFinish = new Uint8Array(graph.ids.length)
  graph.nodes.forEach((node, i) => {
    // a target node ends the strategy when it routes; an open or dangling output ends at the default route (an
    // unconnected quiet error output does not count: failing is not a way out of a loop)
    const open = (graph.outputs[i] ?? []).some((o) =>
      o.target === undefined ? !o.quiet : !graph.index.has(o.target),
    )
    if (graph.kinds[i]?.terminal || node.type === 'target' || open) mayFinish[i] = 1
  })
  const finishes = canReach(graph, mayFinish)
  graph.ids.forEach((id, i) => {
    if (!reachable[i]) {
      reporter.report({
        code: 'RW103',
        severity: 'warning',
        message: `Node "${id}" cannot be reached from start "${document.start}": connect an output to it or delete it.`,
        path: nodePath(id),
        node: id,
        atKey: true,
      })
    } else if (!finishes[i]) {
      reporter.report({
        code: 'RW104',
        severity: 'error',
        message: `No path from node "${id}" ever ends: every way on loops back. Give the loop an exit to a target, route or end node (e.g. a timeout or a switch case).`,
        path: nodePath(id),
        node: id,
        atKey: true,
      })
    }
  })
}

function checkOutputs(rc: RuleContext, graph: StrategyGraph): void {
  graph.ids.forEach((id, i) => {
    const names = new Set<string>()
    for (const output of graph.outputs[i] ?? []) {
      const path = nodePath(id, ...output.path)
      if (names.has(output.name)) {
        rc.reporter.report({
          code: 'RW108',
          severity: 'warning',
          message: `Node "${id}" has two outputs named "${output.name}", so the canvas and traces cannot tell them apart: give each a distinct label.`,
          path: nodePath(id, ...output.path.slice(0, -1)),
          node: id,
        })
      }
      names.add(output.name)
      if (output.target === undefined) {
        if (output.quiet) continue
        rc.reporter.report(
          output.required
            ? {
                code: 'RW106',
                severity: 'error',
                message: `Output "${output.name}" of node "${id}" is not connected: connect it to the node that should follow.`,
                path,
                node: id,
              }
            : {
                code: 'RW107',
                severity: 'warning',
                message: `Output "${output.name}" of node "${id}" is not connected, so interactions taking it fall back to the default route; connect it if that is not what you want.`,
                path,
                node: id,
              },
        )
      } else if (!graph.index.has(output.target)) {
        const near = nameHint(output.target, graph.ids)
        rc.reporter.report({
          code: 'RW102',
          severity: 'error',
          message: `Node "${id}" routes to "${output.target}", which does not exist.${near.hint}`,
          path,
          node: id,
          fix: near.fix,
        })
      }
    }
  })
}

function checkLoops(rc: RuleContext, graph: StrategyGraph): void {
  // a cycle is safe when it passes a waiting node: take waiting nodes out and look for the cycles left
  for (const component of cyclicComponents(graph, (i) => !graph.kinds[i]?.waits)) {
    const cycle = cycleThrough(graph, component)
    const first = graph.ids[component[0] as number] as string
    rc.reporter.report({
      code: 'RW105',
      severity: 'error',
      message: `Nodes ${formatNodePath(cycle.map((i) => `"${graph.ids[i]}"`))} form a loop with no waiting node in it, so an interaction could spin forever. Put a wait or target node, or a treatment that takes time (music, a play with a duration, a collect), in the loop, or break it.`,
      path: nodePath(first),
      node: first,
      atKey: true,
    })
  }
  // a play without a duration lasts as long as the host plays it (instant only in test, run and simulate, where the
  // step limit stops a runaway), so a loop through one is only a warning
  const playsOnly = cyclicComponents(graph, (i) => !graph.kinds[i]?.waits || takesNoTime(graph, i))
  for (const component of playsOnly) {
    const cycle = cycleThrough(graph, component)
    const instant = [...new Set(cycle.filter((i) => takesNoTime(graph, i)))].map(
      (i) => graph.ids[i] as string,
    )
    // a cycle with no treatment at all was reported as RW105 above
    if (instant.length === 0) continue
    const first = graph.ids[component[0] as number] as string
    const loop = formatNodePath(cycle.map((i) => `"${graph.ids[i]}"`))
    rc.reporter.report({
      code: 'RW109',
      severity: 'warning',
      message: `Nodes ${loop} form a loop whose only waiting ${instant.length === 1 ? 'node is treatment' : 'nodes are treatments'} ${instant.map((id) => `"${id}"`).join(', ')} with no duration, which ${instant.length === 1 ? 'takes' : 'take'} no time in test, run and simulate, so there an interaction could spin until the step limit. Give ${instant.join(', ')} a duration, or put a wait node in the loop.`,
      path: nodePath(first),
      node: first,
      atKey: true,
    })
  }
}

/** A treatment node that is done at once (a play or busy tone without a duration): it waits for nothing. */
function takesNoTime(graph: StrategyGraph, i: number): boolean {
  const node = graph.nodes[i]
  return node?.type === 'treatment' && treatmentLengthMs(node as Record<string, unknown>) === 0
}

/** One concrete cycle inside a cyclic component, starting and ending at its first node. */
function cycleThrough(graph: StrategyGraph, component: number[]): number[] {
  const members = new Set(component)
  const from = component[0] as number
  const previous = new Map<number, number>()
  const queue = [from]
  for (let q = 0; q < queue.length; q++) {
    const at = queue[q] as number
    for (const to of graph.next[at] ?? []) {
      if (!members.has(to)) continue
      if (to === from) {
        const path = [from]
        for (let v: number | undefined = at; v !== undefined && v !== from; v = previous.get(v)) path.push(v)
        path.push(from)
        return [from, ...path.slice(1, -1).reverse(), from]
      }
      if (!previous.has(to)) {
        previous.set(to, at)
        queue.push(to)
      }
    }
  }
  return [from, from]
}
