// The treatment node: asks the host to play, collect or ring; `done` when the host says so, `timeout` for
// digits that never come, the error path when the treatment failed.

import { describeTreatment, type TreatmentNode } from '@routewright/strategy-dsl'
import type { TreatmentResult } from '../api/types.ts'
import type { EnginePort, NodeBehaviour } from '../engine/port.ts'
import type { Frame } from '../engine/run.ts'
import { writableValues } from '../engine/values.ts'
import { append } from '../util/small-array.ts'

export const treatmentNode: NodeBehaviour<TreatmentNode> = {
  run(port, frame, node) {
    const run = frame.run
    frame.waitingFor = 'treatment'
    run.treatments = append(run.treatments, describeTreatment(node.node))
    askHost(port, frame, node.id, node.node)
  },
  onTimer(port, frame, node) {
    if (frame.waitingFor !== 'treatment') return
    frame.waitingFor = undefined
    port.trace(frame.run, {
      strategy: frame.strategy,
      node: node.id,
      kind: 'error',
      message: 'No digits before the timeout',
    })
    port.takeOutput(frame, node, 'timeout')
  },
}

function askHost(port: EnginePort, frame: Frame, id: string, n: TreatmentNode): void {
  const { next: _next, type: _type, title: _title, notes: _notes, ...treatment } = n
  const description = describeTreatment(n)
  port.trace(frame.run, { strategy: frame.strategy, node: id, kind: 'treatment', name: description })
  port.emit(frame.run, { type: 'treatment', node: id, treatment, description })
}

/**
 * A resumed interaction was in a treatment node: the host of this process never heard of the treatment, so it is
 * asked again (the list of treatments heard is not extended: it is the same one).
 */
export function resendTreatment(port: EnginePort, frame: Frame): void {
  const node = frame.current
  if (frame.waitingFor !== 'treatment' || node?.node.type !== 'treatment') return
  askHost(port, frame, node.id, node.node as TreatmentNode)
}

/** The host finished the treatment a treatment node asked for. */
export function treatmentNodeDone(port: EnginePort, frame: Frame, result: TreatmentResult): void {
  const node = frame.current
  const n = node?.node
  if (!node || n?.type !== 'treatment') return
  frame.waitingFor = undefined
  if ('error' in result) {
    port.nodeError(frame, node, `Treatment failed: ${result.error}`)
    return
  }
  if (n.collect) {
    const digits = result.digits ?? ''
    const min = n.collect.min ?? 1
    if (digits.length < min) {
      port.trace(frame.run, {
        strategy: frame.strategy,
        node: node.id,
        kind: 'value',
        name: n.collect.into,
        value: digits,
        message: `fewer than ${min} digits`,
      })
      port.takeOutput(frame, node, node.outputs.has('timeout') ? 'timeout' : 'error')
      return
    }
    const value = digits.slice(0, n.collect.max ?? 64)
    frame.variables = writableValues(frame.variables)
    frame.variables[n.collect.into] = value
    port.trace(frame.run, {
      strategy: frame.strategy,
      node: node.id,
      kind: 'value',
      name: n.collect.into,
      value,
    })
  }
  port.takeOutput(frame, node, 'done')
}
