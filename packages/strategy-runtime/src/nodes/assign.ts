// The assign node: sets strategy variables from expressions, checked against their declared types.
import type { AssignNode } from '@routewright/strategy-dsl'
import type { NodeBehaviour } from '../engine/port.ts'
import { coerce, writableValues } from '../engine/values.ts'

export const assignNode: NodeBehaviour<AssignNode> = {
  run(port, frame, node, stats) {
    for (const name of Object.keys(node.node.set)) {
      const value = port.evaluate(frame, node, `set.${name}`, stats)
      const checked = coerce(value, frame.compiled.document.variables?.[name]?.type)
      if ('error' in checked) throw new Error(`Variable "${name}": ${checked.error}`)
      frame.variables = writableValues(frame.variables)
      frame.variables[name] = checked.value
      port.trace(frame.run, {
        strategy: frame.strategy,
        node: node.id,
        kind: 'value',
        name,
        value: checked.value,
      })
    }
    port.takeOutput(frame, node, 'next')
  },
}
