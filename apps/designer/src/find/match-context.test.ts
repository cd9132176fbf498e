import { describe, expect, it } from 'vitest'
import { dslAdapter } from '../core/dsl-adapter.ts'
import { checkChanged, nodesAt } from './match-context.ts'

const text = `strategy: demo
format: 1
start: wait_a
nodes:
  wait_a: { type: wait, for: 5s, next: done }
  done:
    type: end
    outcome: abandon
`

describe('find results and the DSL', () => {
  it('names the node each match is written in, from its key to the end of its value', () => {
    const at = (s: string) => text.indexOf(s)
    expect(
      nodesAt('demo.strategy.yaml', text, [at('start'), at('wait_a:'), at('5s'), at('abandon')]),
    ).toEqual([undefined, 'wait_a', 'wait_a', 'done'])
  })

  it('names no node in a file that does not parse or is not a strategy', () => {
    expect(nodesAt('demo.strategy.yaml', 'nodes: [', [1])).toEqual([undefined])
    expect(nodesAt('demo.test.yaml', text, [60])).toEqual([undefined])
  })

  it('shows the error a replacement caused in a changed file', () => {
    const broken = text.replace('next: done', 'next: finished')
    const [check] = checkChanged(
      dslAdapter,
      ['demo.strategy.yaml'],
      [{ path: 'demo.strategy.yaml', text: broken }],
    )
    expect(check).toMatchObject({ path: 'demo.strategy.yaml', errors: 1 })
    expect(check?.firstError?.message).toMatch(/"finished"/)
    expect(
      checkChanged(dslAdapter, ['demo.strategy.yaml'], [{ path: 'demo.strategy.yaml', text }]),
    ).toMatchObject([{ errors: 0 }])
  })
})
