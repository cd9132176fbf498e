import { validateStrategy } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { codesAt, echoLocator, makeStrategy, withNodes } from './rules-helpers.ts'

const only = (code: string, doc = makeStrategy()) =>
  validateStrategy(doc, { locator: echoLocator, file: 'x.strategy.yaml' }).filter((d) => d.code === code)

describe('graph rules', () => {
  it('[RW101] flags a start that names no node, with a suggestion', () => {
    const [d, ...rest] = only('RW101', makeStrategy({ start: 'clasify' }))
    expect(rest).toEqual([])
    expect(d).toMatchObject({
      severity: 'error',
      path: ['start'],
      file: 'x.strategy.yaml',
      range: { start: { line: 1 } },
    })
    expect(d?.message).toContain('Did you mean "classify"?')
  })

  it('[RW101] explains an empty strategy', () => {
    expect(only('RW101', makeStrategy({ nodes: {} }))[0]?.message).toMatch(/has no nodes/)
  })

  it('[RW102] flags an output naming a node that does not exist, with "did you mean"', () => {
    const doc = withNodes({
      vip: {
        type: 'target',
        targets: [{ group: 'vip_team' }],
        wait: '30s',
        next: { timeout: 'dne', error: 'done' },
      },
    })
    const found = only('RW102', doc)
    expect(codesAt(found)).toEqual(['RW102@nodes.vip.next.timeout'])
    expect(found[0]).toMatchObject({ node: 'vip', severity: 'error' })
    expect(found[0]?.message).toBe('Node "vip" routes to "dne", which does not exist. Did you mean "done"?')
  })

  it('[RW103] warns about a node no path reaches', () => {
    const found = only('RW103', withNodes({ orphan: { type: 'end', outcome: 'abandon' } }))
    expect(codesAt(found)).toEqual(['RW103@nodes.orphan'])
    expect(found[0]).toMatchObject({ severity: 'warning', node: 'orphan', range: { start: { column: 0 } } })
  })

  it('[RW104] flags a path that never ends', () => {
    const doc = makeStrategy({
      start: 'a',
      nodes: {
        a: { type: 'wait', for: '5s', next: 'b' },
        b: { type: 'treatment', play: 'prompts/hold', next: { done: 'a', error: 'a' } },
      },
    })
    expect(codesAt(only('RW104', doc))).toEqual(['RW104@nodes.a', 'RW104@nodes.b'])
  })

  it('[RW104] accepts a loop that has an exit', () => {
    const doc = makeStrategy({
      start: 'a',
      nodes: {
        a: { type: 'wait', for: '5s', next: 'b' },
        b: { type: 'switch', cases: [{ when: 'waited > 60.0', next: 'out' }], default: 'a' },
        out: { type: 'end', outcome: 'reject' },
      },
    })
    expect(only('RW104', doc)).toEqual([])
    expect(only('RW105', doc)).toEqual([])
  })

  it('[RW105] flags a loop with no waiting node, naming the cycle', () => {
    const doc = makeStrategy({
      start: 'a',
      variables: { n: { type: 'int', default: 0 } },
      nodes: {
        a: { type: 'assign', set: { n: 'n + 1' }, next: 'b' },
        b: { type: 'switch', cases: [{ when: 'n > 3', next: 'out' }], default: 'a' },
        out: { type: 'end', outcome: 'reject' },
      },
    })
    const found = only('RW105', doc)
    expect(codesAt(found)).toEqual(['RW105@nodes.a'])
    expect(found[0]?.message).toContain('"a" → "b" → "a"')
  })

  it('[RW105] flags a node that routes to itself', () => {
    const doc = makeStrategy({
      start: 'a',
      variables: { n: { type: 'int' } },
      nodes: {
        a: { type: 'switch', cases: [{ when: 'n > 3', next: 'out' }], default: 'a' },
        out: { type: 'end', outcome: 'reject' },
      },
    })
    expect(codesAt(only('RW105', doc))).toEqual(['RW105@nodes.a'])
  })

  it('[RW105] accepts a loop through a waiting node even when another cycle shares nodes', () => {
    const doc = makeStrategy({
      start: 'a',
      variables: { n: { type: 'int' } },
      nodes: {
        a: {
          type: 'switch',
          cases: [
            { when: 'n > 3', next: 'out' },
            { when: 'n > 1', next: 'w' },
          ],
          default: 'c',
        },
        w: { type: 'wait', for: '1s', next: 'a' },
        c: { type: 'assign', set: { n: 'n + 1' }, next: 'a' },
        out: { type: 'end', outcome: 'reject' },
      },
    })
    // a -> w -> a waits, but a -> c -> a does not
    expect(only('RW105', doc)[0]?.message).toContain('"a" → "c" → "a"')
  })

  // a "replay the closed message" loop (author review 4): a play without a duration takes no time in test and run
  const replay = (msg: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    makeStrategy({
      start: 'hours',
      nodes: {
        hours: { type: 'schedule', calendar: 'cal', next: { open: 'out', closed: 'closed_msg' } },
        closed_msg: { type: 'treatment', next: { done: 'hours' }, ...msg },
        out: { type: 'end', outcome: 'reject' },
        ...extra,
      },
    })

  it.each([
    ['a play', { play: 'prompts/closed' }],
    ['a busy tone', { busy: true }],
    ['a play of 0s', { play: 'prompts/closed', duration: '0s' }],
  ])(
    '[RW109] warns of a loop whose only waiting node is %s without a duration, still valid, with the fix',
    (_, msg) => {
      const doc = replay(msg)
      expect(only('RW105', doc)).toEqual([])
      const found = only('RW109', doc)
      expect(codesAt(found)).toEqual(['RW109@nodes.hours'])
      expect(found[0]?.severity).toBe('warning')
      expect(found[0]?.message).toBe(
        'Nodes "hours" → "closed_msg" → "hours" form a loop whose only waiting node is treatment "closed_msg" with no duration, which takes no time in test, run and simulate, so there an interaction could spin until the step limit. Give closed_msg a duration, or put a wait node in the loop.',
      )
      expect(validateStrategy(doc).filter((d) => d.severity === 'error')).toEqual([])
    },
  )

  it('[RW105] accepts a loop through a play with a duration, music, a collect or a wait', () => {
    for (const msg of [
      { play: 'prompts/closed', duration: '30s' },
      { music: 'music/hold' },
      { silence: '2s' },
      { collect: { into: 'choice' }, next: { done: 'hours', timeout: 'hours' } },
      { play: 'prompts/closed', next: { done: 'pause' } },
    ])
      expect(
        validateStrategy(replay(msg, { pause: { type: 'wait', for: '10s', next: 'hours' } })).filter((d) =>
          ['RW105', 'RW109'].includes(d.code),
        ),
      ).toEqual([])
  })

  it.each([
    ['RW106', 'a required output', { type: 'wait', for: '1s' }, 'nodes.w.next', 'error'],
    [
      'RW106',
      'a timeout when the target waits',
      { type: 'target', targets: [{ group: 'g' }], wait: '10s' },
      'nodes.w.next.timeout',
      'error',
    ],
    [
      'RW107',
      'an optional output',
      { type: 'function', call: 'f', next: { done: 'done' } },
      'nodes.w.next.error',
      'warning',
    ],
  ] as const)('[%s] reports %s left unconnected', (code, _what, node, path, severity) => {
    const doc = withNodes({
      w: node as never,
      classify: { type: 'switch', cases: [{ when: 'true', next: 'w' }], default: 'vip' },
    })
    const found = only(code, doc).filter((d) => d.node === 'w')
    expect(codesAt(found)).toContain(`${code}@${path}`)
    expect(found[0]?.severity).toBe(severity)
  })

  it('[RW107] says the fallback is the default route', () => {
    const doc = withNodes({
      vip: { type: 'target', targets: [{ group: 'vip_team' }], wait: '30s', next: { timeout: 'done' } },
    })
    expect(only('RW107', doc)[0]?.message).toContain('fall back to the default route')
  })
})
