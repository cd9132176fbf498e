// Error outputs of nodes that evaluate expressions, and RW130 where a statistic is read without one.
import {
  kindOf,
  nodeKinds,
  type StrategyNode,
  safeParseStrategy,
  validateStrategy,
} from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { withNodes } from './rules-helpers.ts'

const readsStat = 'stat("group:vip_team", "AgentsReady") > 0.0'

const nodes: Record<string, StrategyNode> = {
  switch: { type: 'switch', cases: [{ when: readsStat, next: 'vip' }], default: 'vip' },
  assign: { type: 'assign', set: { attempts: 'int(stat("group:vip_team", "AgentsReady"))' }, next: 'vip' },
  attach: { type: 'attach', set: { ready: 'string(stat("group:vip_team", "AgentsReady"))' }, next: 'vip' },
  'queue-priority': {
    type: 'queue-priority',
    set: 'int(stat("group:vip_team", "AgentsReady"))',
    next: 'vip',
  },
}

function findings(node: StrategyNode): string[] {
  // unused variables and inputs of the sample strategy are beside the point here
  return validateStrategy(withNodes({ classify: node }))
    .filter((d) => d.code !== 'RW110' && d.code !== 'RW111')
    .map((d) => `${d.code} ${d.path.join('.')}`)
}

describe('error outputs', () => {
  it.each(Object.keys(nodes))('%s has an optional, quiet error output written "error:"', (type) => {
    const node = nodes[type] as StrategyNode
    const output = kindOf(node)
      .outputs(node)
      .find((o) => o.name === 'error')
    expect(output).toEqual({
      name: 'error',
      target: undefined,
      path: ['error'],
      required: false,
      quiet: true,
    })
    expect(
      kindOf({ ...node, error: 'done' } as StrategyNode).outputs({ ...node, error: 'done' } as StrategyNode),
    ).toContainEqual({ ...output, target: 'done' })
  })

  it.each(Object.keys(nodes))(
    '[RW130] %s reading a statistic without an error output is flagged, with the fix',
    (type) => {
      const node = nodes[type] as StrategyNode
      const path =
        type === 'switch'
          ? 'cases.0.when'
          : type === 'queue-priority'
            ? 'set'
            : `set.${Object.keys((node as { set: object }).set)[0]}`
      expect(findings(node)).toEqual([`RW130 nodes.classify.${path}`])
      const diagnostic = validateStrategy(withNodes({ classify: node })).find((d) => d.code === 'RW130')
      expect(diagnostic?.message).toBe(
        'Node "classify" reads statistic AgentsReady of group:vip_team but has no error output: when the statistic cannot be read the interaction leaves by the default route. Connect error: to the node that should handle it.',
      )
      expect(findings({ ...node, error: 'done' } as StrategyNode)).toEqual([])
    },
  )

  it('stays quiet about nodes that read no statistic, and does not ask for RW107', () => {
    expect(
      findings({ type: 'switch', cases: [{ when: 'attempts > 1', next: 'vip' }], default: 'vip' }),
    ).toEqual([])
  })

  it('flags a dangling error output like any other edge', () => {
    expect(findings({ ...(nodes.switch as StrategyNode), error: 'nowhere' } as StrategyNode)).toEqual([
      'RW102 nodes.classify.error',
    ])
  })

  it('does not count an unconnected error output as a way out of a loop [RW105/RW104]', () => {
    const doc = withNodes({
      classify: { type: 'assign', set: { attempts: 'attempts + 1' }, next: 'again' },
      again: { type: 'switch', cases: [{ when: 'attempts > 0', next: 'classify' }], default: 'classify' },
    })
    expect(validateStrategy(doc).map((d) => d.code)).toContain('RW104')
  })

  it('parses "error:" on a switch from YAML and rejects it on a kind without one', () => {
    const text = (node: string) =>
      `strategy: s\nformat: 1\nstart: a\nnodes:\n  a: ${node}\n  b: { type: end, outcome: reject }\n`
    expect(
      safeParseStrategy(text('{ type: switch, cases: [{ when: "true", next: b }], default: b, error: b }'))
        .success,
    ).toBe(true)
    expect(
      safeParseStrategy(text('{ type: wait, for: 5s, next: b, error: b }')).diagnostics.map((d) => d.code),
    ).toEqual(['RW022'])
  })

  it('every kind that evaluates expressions and can continue has an error output', () => {
    // one object carrying the fields every kind reads, so each kind lists its expressions and outputs
    const sample = {
      cases: [{ when: 'true' }],
      set: { a: '1' },
      targets: [{ skill: 'true' }],
      call: 'f',
      args: ['1'],
      inputs: { a: '1' },
      branches: [],
      calendar: 'c',
    }
    const evaluating = Object.values(nodeKinds).filter((kind) => {
      const node = {
        ...sample,
        ...(kind.type === 'queue-priority' ? { set: '1' } : {}),
        type: kind.type,
      } as never
      return !kind.terminal && kind.expressions(node).length > 0
    })
    expect(evaluating.map((kind) => kind.type).sort()).toEqual([
      'assign',
      'attach',
      'function',
      'queue-priority',
      'subroutine',
      'switch',
      'target',
    ])
    const missing = evaluating.filter(
      (kind) =>
        !kind.outputs({ ...sample, set: '1', type: kind.type } as never).some((o) => o.name === 'error'),
    )
    expect(missing.map((kind) => kind.type)).toEqual([])
  })
})
