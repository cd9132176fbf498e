// The switch node: the first case whose condition holds, else `default`.
import type { SwitchNode } from '@routewright/strategy-dsl'
import type { NodeBehaviour } from '../engine/port.ts'

export const switchNode: NodeBehaviour<SwitchNode> = {
  run(port, frame, node, stats) {
    const cases = node.node.cases
    const index = cases.findIndex((_, i) => port.evaluate(frame, node, `cases.${i}.when`, stats) === true)
    const output = index < 0 ? 'default' : (cases[index]?.label ?? `case ${index + 1}`)
    port.trace(frame.run, {
      strategy: frame.strategy,
      node: node.id,
      kind: 'value',
      name: 'case',
      value: output,
    })
    port.takeOutput(frame, node, output)
  },
}
