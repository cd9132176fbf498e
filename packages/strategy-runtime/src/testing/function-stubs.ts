// Host functions answered as a test file's scenario says (`returns`, after a delay; `throws`; `hangs`), on a
// simulated clock: the scenario runner and simulate() answer a strategy's function nodes the same way.
import { parseDuration, type Scenario } from '@routewright/strategy-dsl'
import type { HostFunction } from '../api/types.ts'

/** How a host function behaves, as a scenario's `functions` entry gives it. */
export type FunctionStub = NonNullable<Scenario['functions']>[string]

interface TimerClock {
  setTimeout(cb: () => void, ms: number): unknown
}

/** A thenable that settles synchronously, so simulated time (not the microtask queue) decides when it answers. */
function later(clock: TimerClock, ms: number, value: unknown): PromiseLike<unknown> {
  const waiting: Array<(v: unknown) => void> = []
  let done = false
  clock.setTimeout(() => {
    done = true
    for (const cb of waiting) cb(value)
  }, ms)
  return {
    // biome-ignore lint/suspicious/noThenProperty: a deliberate synchronous thenable
    then(onOk) {
      if (done) onOk?.(value as never)
      else if (onOk) waiting.push(onOk as (v: unknown) => void)
      return undefined as never
    },
  }
}

const NEVER: PromiseLike<unknown> = {
  // biome-ignore lint/suspicious/noThenProperty: a thenable that never settles models a hung host function
  then: () => undefined as never,
}

/** The host functions of `stubs`, each answering on `clock`. */
export function stubFunctions(
  stubs: Readonly<Record<string, FunctionStub>>,
  clock: TimerClock,
): Record<string, HostFunction> {
  const functions: Record<string, HostFunction> = {}
  for (const [name, stub] of Object.entries(stubs)) {
    if ('throws' in stub) {
      functions[name] = () => {
        throw new Error(stub.throws)
      }
    } else if ('hangs' in stub) functions[name] = () => NEVER
    else {
      const after = stub.after !== undefined ? (parseDuration(stub.after) ?? 0) : 0
      functions[name] = () => (after > 0 ? later(clock, after, stub.returns) : stub.returns)
    }
  }
  return functions
}
