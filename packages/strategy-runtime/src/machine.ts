// Builds the xstate machine of a compiled strategy: one state per node, one guarded transition per connected
// output. The node logic lives in the engine; the machine decides which node is active and ends the actor.
// Node delays (waits, timeouts, escalation steps) are engine timers on the same injected clock rather than
// xstate `after` transitions: `after` doubled the cost of an interaction's lifecycle (scheduling and cancelling
// delayed events per state), which the benchmark cannot afford at 4,000 interactions a second.
import { createMachine } from 'xstate'
import type { CompiledNode } from './compile.ts'
import type { Frame } from './run.ts'

export interface MachineHooks {
  /** Runs a node on entry; sets `frame.out` now (instant nodes) or later followed by an OUT event. */
  enter(frame: Frame, node: CompiledNode): void
}

export const END_STATE = '__end'
export const END_OUTPUT = '__end'

interface Ctx {
  frame: Frame
}

export function buildMachine(
  strategyId: string,
  start: string,
  nodes: Map<string, CompiledNode>,
  hooks: MachineHooks,
) {
  const states: Record<string, object> = {}
  for (const node of nodes.values()) {
    const transitions = [
      { guard: ({ context }: { context: Ctx }) => context.frame.out === END_OUTPUT, target: END_STATE },
    ] as object[]
    for (const [name, target] of node.outputs) {
      if (target === undefined || !nodes.has(target)) continue
      transitions.push({
        guard: ({ context }: { context: Ctx }) => context.frame.out === name,
        target,
        reenter: true,
      })
    }
    states[node.id] = {
      entry: ({ context }: { context: Ctx }) => hooks.enter(context.frame, node),
      always: transitions,
      on: { OUT: transitions },
    }
  }
  states[END_STATE] = { type: 'final' }
  return createMachine({
    id: strategyId,
    context: ({ input }: { input: Ctx }) => input,
    initial: nodes.has(start) ? start : END_STATE,
    states,
  } as never)
}
