// Subroutine calls: another strategy runs as a child frame (its own actor and variables) on the same
// interaction; `end: return` hands its values back to the caller's `done` output.
import type { SubroutineNode } from '@routewright/strategy-dsl'
import type { CompiledNode } from './compile.ts'
import type { Engine } from './engine.ts'
import type { Frame } from './run.ts'
import { checkInputs, coerce } from './values.ts'

export function runSubroutine(
  engine: Engine,
  frame: Frame,
  node: CompiledNode,
  n: SubroutineNode,
  evaluate: (key: string) => unknown,
): void {
  const strategy = engine.strategies.get(n.call)
  if (!strategy) {
    engine.nodeError(frame, node, `Subroutine "${n.call}" is not loaded in the router`)
    return
  }
  let depth = 0
  for (let f: Frame | undefined = frame; f; f = f.parent) depth++
  if (depth >= engine.limits.maxDepth) {
    engine.nodeError(
      frame,
      node,
      `Subroutine "${n.call}" would nest deeper than ${engine.limits.maxDepth} levels`,
    )
    return
  }
  const passed: Record<string, unknown> = {}
  for (const name of Object.keys(n.inputs ?? {})) passed[name] = evaluate(`inputs.${name}`)
  const checked = checkInputs(strategy.document, passed)
  if ('error' in checked) {
    engine.nodeError(frame, node, checked.error)
    return
  }
  frame.waitingFor = 'subroutine'
  engine.trace(frame.run, {
    strategy: frame.strategy.id,
    node: node.id,
    kind: 'wait',
    name: `subroutine ${n.call}`,
  })
  engine.startFrame(frame.run, strategy, frame, node, checked.data)
}

/** A subroutine frame reached `end: return`: copy its outputs into the caller's variables and continue. */
export function subroutineReturned(engine: Engine, child: Frame): void {
  const parent = child.parent
  const caller = child.caller
  const run = child.run
  run.frames = run.frames.filter((f) => f !== child)
  if (!parent || !caller || caller.node.type !== 'subroutine' || parent.waitingFor !== 'subroutine') return
  parent.waitingFor = undefined
  const returned = child.returned ?? {}
  for (const [local, output] of Object.entries(caller.node.into ?? {})) {
    if (!(output in returned)) {
      engine.nodeError(parent, caller, `Subroutine "${caller.node.call}" returned no output "${output}"`)
      return
    }
    const checked = coerce(returned[output], parent.strategy.document.variables?.[local]?.type)
    if ('error' in checked) {
      engine.nodeError(
        parent,
        caller,
        `Output "${output}" of "${caller.node.call}" does not fit "${local}": ${checked.error}`,
      )
      return
    }
    parent.variables[local] = checked.value
    engine.trace(run, {
      strategy: parent.strategy.id,
      node: caller.id,
      kind: 'value',
      name: local,
      value: checked.value,
    })
  }
  engine.takeOutput(parent, caller, 'done')
}
