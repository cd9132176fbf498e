// The attach node: writes and removes keys of the interaction's attached data; the host hears of it.

import type { AttachNode } from '@routewright/strategy-dsl'
import type { CompiledNode } from '../engine/compile.ts'
import type { NodeBehaviour } from '../engine/port.ts'
import { writableValues } from '../engine/values.ts'

export const attachNode: NodeBehaviour<AttachNode> = {
  run(port, frame, node, stats) {
    const run = frame.run
    run.data = writableValues(run.data)
    const { keys, paths, names } = setsOf(node)
    for (let i = 0; i < keys.length; i++) {
      const value = port.evaluate(frame, node, paths[i]!, stats)
      run.data[keys[i]!] = value
      port.trace(run, { strategy: frame.strategy, node: node.id, kind: 'value', name: names[i]!, value })
    }
    for (const key of node.node.remove ?? []) delete run.data[key]
    const data = { ...run.data }
    // the data as the host hears it, in the trace too (a recorder reads it there once the interaction ends)
    if (port.traces(run))
      port.trace(run, { strategy: frame.strategy, node: node.id, kind: 'value', name: 'data', value: data })
    port.emit(run, { type: 'data-attached', node: node.id, data })
    port.takeOutput(frame, node, 'next')
  },
}

interface AttachSets {
  /** The keys the node sets, in the document's order. */
  keys: readonly string[]
  /** Each key's expression path (`set.<key>`). */
  paths: readonly string[]
  /** Each key's trace entry name (`data.<key>`). */
  names: readonly string[]
}

/** By node: its keys with their expression paths and trace names, made once, not three strings per run per key. */
const setsByNode = new WeakMap<CompiledNode, AttachSets>()

function setsOf(node: CompiledNode): AttachSets {
  let sets = setsByNode.get(node)
  if (sets === undefined) {
    const keys = Object.keys((node.node as AttachNode).set ?? {})
    sets = { keys, paths: keys.map((key) => `set.${key}`), names: keys.map((key) => `data.${key}`) }
    setsByNode.set(node, sets)
  }
  return sets
}
