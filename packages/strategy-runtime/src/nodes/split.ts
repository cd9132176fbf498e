// The split node: a seeded weighted draw among its branches.
import type { SplitNode } from '@routewright/strategy-dsl'
import type { NodeBehaviour } from '../engine/port.ts'

export const splitNode: NodeBehaviour<SplitNode> = {
  run(port, frame, node) {
    const branches = node.node.branches
    const total = branches.reduce((sum, b) => sum + b.weight, 0)
    const draw = port.random.next() * total
    let acc = 0
    let chosen = branches.length - 1
    for (let i = 0; i < branches.length; i++) {
      acc += branches[i]!.weight
      if (draw < acc) {
        chosen = i
        break
      }
    }
    const branch = branches[chosen]!
    port.trace(frame.run, {
      strategy: frame.strategy,
      node: node.id,
      kind: 'value',
      name: 'draw',
      value: draw,
    })
    port.takeOutput(frame, node, branch.label ?? `${branch.weight}%`)
  },
}
