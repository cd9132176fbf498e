// The route node: hands the interaction to a destination, a number, or another strategy (which starts over).
import type { RouteNode } from '@routewright/strategy-dsl'
import type { NodeBehaviour } from '../engine/port.ts'

export const routeNode: NodeBehaviour<RouteNode> = {
  run(port, frame, node, stats) {
    const run = frame.run
    const n = node.node
    if (n.destination !== undefined) {
      const dest = port.directory.destinations?.[n.destination]
      if (!dest) {
        port.fail(
          run,
          `Destination "${n.destination}" is not in directory "${port.directory.directory}"`,
          node.id,
        )
        return
      }
      port.finish(run, 'route', {
        destination: n.destination,
        node: node.id,
        reason: `${dest.type} ${dest.address}`,
      })
      return
    }
    if (n.number !== undefined) {
      const number = String(port.evaluate(frame, node, 'number', stats))
      port.finish(run, 'route', { destination: number, node: node.id })
      return
    }
    const next = port.strategies.get(n.strategy ?? '')
    if (!next) {
      port.fail(run, `Strategy "${n.strategy}" to route to is not loaded in the router`, node.id)
      return
    }
    // the other strategy takes over the interaction: this one ends, the new one starts from its start node
    port.trace(run, { strategy: frame.strategy, node: node.id, kind: 'exit', name: `strategy ${next.id}` })
    for (const f of run.frames) f.ended = true
    run.frames = []
    run.strategy = next.id
    port.startFrame(run, next)
  },
}
