// A target node's wait in line: joining the virtual queue (within the router's limit), the treatments that cycle
// while it waits, and the wait timing out.

import { describeTreatment, type TargetNode } from '@routewright/strategy-dsl'
import type { CompiledNode } from '../engine/compile.ts'
import type { EnginePort } from '../engine/port.ts'
import type { InteractionRun, WaitState } from '../engine/run.ts'
import type { TraceRecord } from '../engine/trace-log.ts'
import type { SelectionTarget } from '../selection/select.ts'
import { append } from '../util/small-array.ts'

/** Joins the queue; fails the interaction when the router's maxWaiting is reached. False when it failed. */
export function joinQueue(
  port: EnginePort,
  run: InteractionRun,
  wait: WaitState,
  announce: boolean,
): boolean {
  if (port.queue.count >= port.limits.maxWaiting) {
    port.fail(
      run,
      `${port.queue.count} interactions are already waiting, the router's limit (maxWaiting); this one cannot wait`,
      wait.node.id,
    )
    return false
  }
  run.firstQueuedAt ??= wait.enqueuedAt
  port.queue.enter(run, wait)
  if (!announce) return true
  // the queue segment's start in the trace too: a recorder reads the whole wait from it once the interaction ends
  const record = queuedRecord(wait)
  if (port.traces(run)) port.trace(run, record)
  port.emit(run, {
    type: 'queued',
    node: wait.node.id,
    priority: wait.priority,
    targets: record.value.targets,
  })
  return true
}

interface QueuedRecord extends TraceRecord {
  readonly value: { readonly priority: number; readonly targets: string[] }
  /** The list of targets it was made for (its labels are theirs). */
  readonly of: readonly SelectionTarget[]
}

/** The last `queued` trace record of each node (frozen, shared): one per node while priority and targets stay. */
const queuedRecords = new WeakMap<CompiledNode, QueuedRecord>()
/** Labels by list of targets, for a node whose interactions wait with more than one list (escalations). */
const labels = new WeakMap<readonly SelectionTarget[], string[]>()

/**
 * The trace record of joining the queue, shared (frozen): a node's interactions wait with its own list of targets
 * at the same priority, so tens of thousands waiting hold one record (with its labels) instead of two objects each,
 * which live through every young-generation collection while they wait. `of` is left out of the trace entries
 * (not enumerable).
 */
function queuedRecord(wait: WaitState): QueuedRecord {
  const node = wait.node
  const strategy = wait.frame.strategy
  const cached = queuedRecords.get(node)
  if (
    cached !== undefined &&
    cached.of === wait.targets &&
    cached.value.priority === wait.priority &&
    cached.strategy === strategy
  )
    return cached
  const record = {
    strategy,
    node: node.id,
    kind: 'wait',
    name: 'queued',
    value: Object.freeze({ priority: wait.priority, targets: labelsOf(wait.targets) }),
  } as const
  Object.defineProperty(record, 'of', { value: wait.targets, enumerable: false })
  const frozen = Object.freeze(record) as QueuedRecord
  queuedRecords.set(node, frozen)
  return frozen
}

/**
 * The labels of a list of targets, built once per list and shared (frozen): a node's own targets are one list for
 * every interaction that waits at it, so each `queued` event does not build the same array again.
 */
function labelsOf(targets: readonly SelectionTarget[]): string[] {
  let out = labels.get(targets)
  if (out === undefined) {
    out = Object.freeze(targets.map((t) => t.label)) as string[]
    labels.set(targets, out)
  }
  return out
}

export function timeOut(port: EnginePort, run: InteractionRun, wait: WaitState): void {
  port.queue.leave(run, wait)
  wait.treatmentsActive = false
  run.wait = undefined
  wait.frame.waitingFor = undefined
  if (port.traces(run))
    port.trace(run, { strategy: wait.frame.strategy, node: wait.node.id, kind: 'wait', name: 'timeout' })
  port.emit(run, { type: 'timeout', node: wait.node.id })
  port.takeOutput(wait.frame, wait.node, 'timeout')
}

function treatmentsOf(wait: WaitState): NonNullable<TargetNode['treatments']> {
  return (wait.node.node as TargetNode).treatments ?? []
}

export function startWaitingTreatments(port: EnginePort, run: InteractionRun): void {
  const wait = run.wait
  if (!wait || treatmentsOf(wait).length === 0 || wait.treatmentsActive) return
  wait.treatmentsActive = true
  wait.cycleStartedAt = port.clock.now()
  requestTreatment(port, run, wait)
}

function requestTreatment(port: EnginePort, run: InteractionRun, wait: WaitState, again = false): void {
  const list = treatmentsOf(wait)
  const treatment = list[wait.treatmentIndex % list.length]
  if (!treatment) return
  const description = describeTreatment(treatment)
  if (!again) run.treatments = append(run.treatments, description)
  port.trace(run, { strategy: wait.frame.strategy, node: wait.node.id, kind: 'treatment', name: description })
  port.emit(run, { type: 'treatment', node: wait.node.id, treatment: { ...treatment }, description })
}

/**
 * A resumed interaction waits in line with its treatments cycling: the host of this process is asked for the
 * treatment it was hearing (the same one, so the list of treatments heard is not extended).
 */
export function resendWaitingTreatment(port: EnginePort, run: InteractionRun): void {
  const wait = run.wait
  if (!wait?.waiting || !wait.treatmentsActive) return
  requestTreatment(port, run, wait, true)
}

/** The host finished a waiting treatment: the next one in the list, cycling; a cycle of instant ones stops. */
export function waitingTreatmentDone(port: EnginePort, run: InteractionRun): boolean {
  const wait = run.wait
  if (!wait?.treatmentsActive || !wait.waiting) return false
  const list = treatmentsOf(wait)
  wait.treatmentIndex = (wait.treatmentIndex + 1) % list.length
  if (wait.treatmentIndex === 0) {
    if (port.clock.now() === wait.cycleStartedAt) {
      wait.treatmentsActive = false
      return true
    }
    wait.cycleStartedAt = port.clock.now()
  }
  requestTreatment(port, run, wait)
  return true
}
