// Host functions as an embedding host registers them (RouterOptions.functions), with the mistakes a host makes:
// only its own entries count, and any way a call fails takes the node's error output naming the function.
import type { StrategyDocument } from '@routewright/strategy-dsl'
import type { HostFunction } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeDirectory, makeStrategy, setup } from './fixtures.ts'

const directory = makeDirectory({
  functions: { lookup: { returns: 'string' as const }, toString: { returns: 'string' as const } },
})

function calling(call: string): StrategyDocument {
  return makeStrategy(
    {
      f: { type: 'function', call, into: 'v', next: { done: 'done', error: 'failed' } },
      done: { type: 'end', outcome: 'abandon' },
      failed: { type: 'end', outcome: 'reject' },
    },
    { variables: { v: { type: 'string' } } },
  )
}

function callOnce(call: string, functions: Record<string, HostFunction>) {
  const h = setup([calling(call)], { directory, functions })
  h.router.submit({ id: 'x', strategy: 'test' })
  const errors = (h.router.trace('x') ?? []).filter((t) => t.kind === 'error').map((t) => t.message)
  return { outcome: h.of('finished', 'x')[0]?.outcome, errors }
}

describe('host functions', () => {
  it('does not call a method every object has (toString) when the host registered no such function', () => {
    expect(callOnce('toString', {})).toEqual({
      outcome: 'reject',
      errors: ['No host function "toString" is registered with the router'],
    })
  })

  it('takes the error output, naming the function, when its answer is a thenable whose then throws', () => {
    const lookup: HostFunction = () => ({
      // biome-ignore lint/suspicious/noThenProperty: the hostile thenable is the point
      then() {
        throw new Error('driver bug')
      },
    })
    expect(callOnce('lookup', { lookup })).toEqual({
      outcome: 'reject',
      errors: ['Function "lookup" threw: driver bug'],
    })
  })

  it('takes the error output when the answer does not fit the variable', () => {
    expect(callOnce('lookup', { lookup: () => 42 }).errors).toEqual([
      'Function "lookup" returned a value that does not fit "v": expected string, got number 42',
    ])
  })
})
