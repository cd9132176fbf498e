// pure: an interaction's lifecycle as data. `transition` takes where a frame is and the output its node chose,
// and returns where it goes next: another node, the default route of an unconnected output, or the step limit.
// It reads no clock and changes nothing; the engine runs what it returns (xstate's transition() shape, without
// an actor: a strategy's graph is a lookup table, and the snapshot stays plain JSON the host can store).

export interface StrategyGraph {
  readonly id: string
  readonly start: string
  /** Output name -> next node id (undefined when left unconnected), by node id. */
  outputsOf(node: string): ReadonlyMap<string, string | undefined> | undefined
  /** Nodes on a cycle of the graph: the only places where running over the step limit means a loop. */
  readonly cyclic: ReadonlySet<string>
}

export interface Position {
  node: string | undefined
  /** Nodes the interaction entered so far, over all its frames. */
  steps: number
}

export type Step =
  | { type: 'enter'; position: Position }
  | { type: 'unconnected'; output: string; outcome: 'timeout' | 'default-route'; reason: string }
  | { type: 'over-limit'; node: string; reason: string }

/** The first node of a frame. */
export function initialTransition(graph: StrategyGraph, steps: number, maxSteps: number): Step {
  return enter(graph, graph.start, steps, maxSteps)
}

/** The node `output` of the frame's node leads to. */
export function transition(graph: StrategyGraph, position: Position, output: string, maxSteps: number): Step {
  const from = position.node ?? ''
  const target = graph.outputsOf(from)?.get(output)
  if (target === undefined || graph.outputsOf(target) === undefined) {
    const outcome = output === 'timeout' ? 'timeout' : 'default-route'
    return {
      type: 'unconnected',
      output,
      outcome,
      reason: `Output "${output}" of node "${from}" is not connected: ${outcome === 'timeout' ? 'the wait timed out' : 'default route'}`,
    }
  }
  return enter(graph, target, position.steps, maxSteps)
}

function enter(graph: StrategyGraph, node: string, steps: number, maxSteps: number): Step {
  if (steps + 1 > maxSteps) {
    const reason = graph.cyclic.has(node)
      ? `Interaction exceeded the limit of ${maxSteps} steps at node "${node}": the strategy loops without end; add a wait or an exit`
      : `Interaction exceeded the limit of ${maxSteps} steps at node "${node}": the path through the strategy is longer than the limit (no loop); raise limits.maxSteps or shorten the chain`
    return { type: 'over-limit', node, reason }
  }
  return { type: 'enter', position: { node, steps: steps + 1 } }
}

/** Nodes that lie on a cycle (Tarjan's strongly connected components of size > 1, or a self loop). */
export function cyclicNodes(
  nodes: ReadonlyMap<string, ReadonlyMap<string, string | undefined>>,
): Set<string> {
  const out = new Set<string>()
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  let counter = 0
  const strong = (v: string) => {
    index.set(v, counter)
    low.set(v, counter++)
    stack.push(v)
    onStack.add(v)
    for (const w of nodes.get(v)?.values() ?? []) {
      if (w === undefined || !nodes.has(w)) continue
      if (w === v) out.add(v)
      if (!index.has(w)) {
        strong(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1) for (const c of component) out.add(c)
    }
  }
  for (const v of nodes.keys()) if (!index.has(v)) strong(v)
  return out
}
