// A priority changed while the interaction is live (an escalation step, a host's setPriority): its wait takes the new
// priority, moves in line (the queue's repush keeps its age), and is offered at once to an agent ready for it.
import { PRIORITY_BOUNDS } from '@routewright/strategy-dsl'
import type { PriorityChange } from '../api/types.ts'
import type { EnginePort } from '../engine/port.ts'
import type { InteractionRun, WaitState } from '../engine/run.ts'
import { trySelect } from './target-select.ts'

/** The wait takes the run's priority; in line, it moves to its new place and tries the ready agents as a wake-up. */
export function moveInLine(port: EnginePort, run: InteractionRun, wait: WaitState, why: string): void {
  wait.priority = run.priority
  if (!wait.waiting) return
  port.queue.repush(run, wait)
  trySelect(port, run, why)
}

/**
 * A host's new priority for a live interaction: traced, told (`priority-changed`), and applied to its wait if it has
 * one (in line, or reserved: a reject puts it back at the new priority); not waiting yet, it queues with it later.
 */
export function hostSetPriority(port: EnginePort, run: InteractionRun, to: number): void {
  const from = run.priority
  run.priority = to
  const wait = run.wait
  const frame = wait?.frame ?? run.frames[run.frames.length - 1]
  const node = wait?.node.id ?? frame?.node
  port.trace(run, {
    strategy: frame?.strategy ?? run.strategy,
    node: node ?? '',
    kind: 'value',
    name: 'priority',
    value: to,
    message: `set by the host (was ${from})`,
  })
  // told before it moves: a record reads the new priority before the routed event it may cause
  port.emit(run, {
    type: 'priority-changed',
    from,
    to,
    ...(node === undefined ? {} : { node }),
    ...(wait?.waiting ? { inLine: true as const } : {}),
  })
  // the same priority again keeps its place: no new heap entries for a host that repeats itself
  if (wait !== undefined && to !== from) moveInLine(port, run, wait, 'priority changed')
}

/** The priority a host's change asks for, or why it is refused (nothing changed). */
export function priorityOf(
  current: number,
  change: number | PriorityChange,
): { to: number } | { reason: string; outOfRange?: true } {
  const relative = typeof change === 'object' && change !== null
  const value = relative ? (change as PriorityChange).by : change
  if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value))
    return {
      reason: `setPriority: ${relative ? '"by"' : 'the priority'} must be a whole number (got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}); nothing changed`,
    }
  const to = relative ? current + value : value
  const { min, max } = PRIORITY_BOUNDS
  if (to < min || to > max)
    return {
      reason: `setPriority: priority ${to} is out of range (${min} to ${max}, as in a strategy); nothing changed`,
      outOfRange: true,
    }
  return { to }
}
