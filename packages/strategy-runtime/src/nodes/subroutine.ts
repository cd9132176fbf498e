// The subroutine node: another strategy runs as a child frame (its own variables) on the same interaction;
// `end: return` hands its values back to the caller's `done` output.
import { nameHint, type SubroutineNode } from '@routewright/strategy-dsl'
import type { EnginePort, NodeBehaviour } from '../engine/port.ts'
import type { Frame } from '../engine/run.ts'
import { checkInputs, coerce, writableValues } from '../engine/values.ts'

export const subroutineNode: NodeBehaviour<SubroutineNode> = {
  run(port, frame, node, stats) {
    const n = node.node
    const strategy = port.strategies.get(n.call)
    if (!strategy) {
      // validation finds a misspelt call first; here the router was given fewer strategies than the caller needs
      const { hint, fix } = nameHint(n.call, port.strategies.keys())
      port.nodeError(
        frame,
        node,
        `Subroutine "${n.call}" is not loaded in the router.${hint}`,
        undefined,
        fix,
      )
      return
    }
    let depth = 0
    for (let f: Frame | undefined = frame; f; f = f.parent) depth++
    if (depth >= port.limits.maxDepth) {
      port.nodeError(
        frame,
        node,
        `Subroutine "${n.call}" would nest deeper than ${port.limits.maxDepth} levels`,
      )
      return
    }
    const passed: Record<string, unknown> = {}
    for (const name of Object.keys(n.inputs ?? {}))
      passed[name] = port.evaluate(frame, node, `inputs.${name}`, stats)
    const checked = checkInputs(strategy.document, passed)
    if ('error' in checked) {
      port.nodeError(frame, node, checked.error)
      return
    }
    frame.waitingFor = 'subroutine'
    port.trace(frame.run, {
      strategy: frame.strategy,
      node: node.id,
      kind: 'wait',
      name: `subroutine ${n.call}`,
    })
    port.startFrame(frame.run, strategy, frame, node, checked.data)
  },
}

/** A subroutine frame reached `end: return` and left the stack: copy its outputs into the caller and continue. */
export function subroutineReturned(port: EnginePort, child: Frame): void {
  const parent = child.parent
  const caller = parent?.current
  const run = child.run
  if (!parent || !caller || caller.node.type !== 'subroutine' || parent.waitingFor !== 'subroutine') return
  parent.waitingFor = undefined
  const returned = child.returned ?? {}
  for (const [local, output] of Object.entries(caller.node.into ?? {})) {
    if (!(output in returned)) {
      port.nodeError(parent, caller, `Subroutine "${caller.node.call}" returned no output "${output}"`)
      return
    }
    const checked = coerce(returned[output], parent.compiled.document.variables?.[local]?.type)
    if ('error' in checked) {
      port.nodeError(
        parent,
        caller,
        `Output "${output}" of "${caller.node.call}" does not fit "${local}": ${checked.error}`,
      )
      return
    }
    parent.variables = writableValues(parent.variables)
    parent.variables[local] = checked.value
    port.trace(run, {
      strategy: parent.strategy,
      node: caller.id,
      kind: 'value',
      name: local,
      value: checked.value,
    })
  }
  port.takeOutput(parent, caller, 'done')
}
