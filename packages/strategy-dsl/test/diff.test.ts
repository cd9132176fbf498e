import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import {
  describeDiff,
  diffDirectories,
  diffStrategies,
  formatStrategyText,
  isEmptyDiff,
  kindOf,
  parseDirectory,
  parseStrategy,
  type StrategyDocument,
  type StrategyNode,
  stringifyStrategy,
  summarizeDiff,
} from '@routewright/strategy-dsl'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const examples = path.resolve(import.meta.dirname, '../../../examples')
const exampleStrategies = readdirSync(examples)
  .filter((f) => f.endsWith('.strategy.yaml'))
  .map((f) => parseStrategy(readFileSync(path.join(examples, f), 'utf8')))

/** A small strategy: a switch on the tier, a target with escalation, an end; `overrides` replaces parts. */
function make(overrides: Partial<StrategyDocument> = {}): StrategyDocument {
  return {
    strategy: 'vip',
    format: 1,
    inputs: { tier: { type: 'string', default: '' } },
    start: 'by_tier',
    nodes: {
      by_tier: {
        type: 'switch',
        cases: [{ label: 'gold', when: 'data.tier == "gold"', next: 'vip_desk' }],
        default: 'general',
      },
      vip_desk: {
        type: 'target',
        targets: [{ group: 'vip_team' }],
        wait: '1m',
        escalate: [{ after: '30s', add: [{ group: 'general_support' }] }],
        next: { timeout: 'general', error: 'general' },
      },
      general: { type: 'target', targets: [{ skill: 'skills.english >= 5' }], next: { timeout: 'done' } },
      done: { type: 'end', outcome: 'default-route' },
    },
    ...overrides,
  } as StrategyDocument
}

function withNodes(doc: StrategyDocument, nodes: Record<string, StrategyNode>): StrategyDocument {
  return { ...doc, nodes: { ...doc.nodes, ...nodes } }
}

function without(doc: StrategyDocument, id: string): StrategyDocument {
  const nodes = { ...doc.nodes }
  delete nodes[id]
  return { ...doc, nodes }
}

function lines(before: StrategyDocument, after: StrategyDocument): string[] {
  return describeDiff(diffStrategies(before, after)).map((l) => `${'  '.repeat(l.depth)}${l.sign} ${l.text}`)
}

const base = make()
const vip = base.nodes.vip_desk as Extract<StrategyNode, { type: 'target' }>

/** `base` with node vip_desk gone and `node` added as gold_desk; the gold case now leads to `goldNext`. */
function vipDeskAsGoldDesk(goldNext: string, node: StrategyNode): StrategyDocument {
  const { vip_desk: _, ...rest } = base.nodes
  const byTier = base.nodes.by_tier as Extract<StrategyNode, { type: 'switch' }>
  return {
    ...base,
    nodes: {
      ...rest,
      by_tier: { ...byTier, cases: [{ label: 'gold', when: 'data.tier == "gold"', next: goldNext }] },
      gold_desk: node,
    },
  }
}

describe('diffStrategies', () => {
  it.each<[string, StrategyDocument, string[]]>([
    [
      'a changed field, old -> new at its path',
      withNodes(base, { vip_desk: { ...vip, wait: '2m' } }),
      ['~ node vip_desk (target)', '  ~ wait: "1m" -> "2m"'],
    ],
    [
      'a field inside a list',
      withNodes(base, {
        vip_desk: { ...vip, escalate: [{ after: '45s', add: [{ group: 'general_support' }] }] },
      }),
      ['~ node vip_desk (target)', '  ~ escalate[0].after: "30s" -> "45s"'],
    ],
    [
      'a list item inserted first is one addition, not a change of every item',
      withNodes(base, { vip_desk: { ...vip, targets: [{ agent: 'ann' }, { group: 'vip_team' }] } }),
      ['~ node vip_desk (target)', '  + targets[0]: {"agent":"ann"}'],
    ],
    [
      'a field added and one removed',
      withNodes(base, { vip_desk: { ...vip, priority: 50, wait: undefined } as StrategyNode }),
      ['~ node vip_desk (target)', '  - wait: "1m"', '  + priority: 50'],
    ],
    [
      'an added node and the edge that leads to it',
      withNodes(base, {
        by_tier: {
          type: 'switch',
          cases: [
            { label: 'gold', when: 'data.tier == "gold"', next: 'vip_desk' },
            { label: 'silver', when: 'data.tier == "silver"', next: 'silver_desk' },
          ],
          default: 'general',
        },
        silver_desk: { type: 'route', destination: 'silver' },
      }),
      [
        '~ node by_tier (switch)',
        '  + cases[1]: {"label":"silver","when":"data.tier == \\"silver\\""}',
        '+ node silver_desk (route)',
        '+ edge by_tier [silver] -> silver_desk',
      ],
    ],
    [
      'a removed node and a rewired edge',
      withNodes(without(base, 'done'), {
        general: { ...base.nodes.general, next: { timeout: 'vip_desk' } } as StrategyNode,
      }),
      ['- node done (end)', '~ edge general [timeout] -> vip_desk (was done)'],
    ],
    [
      'an edge that is only rewired shows no node field change',
      withNodes(base, { by_tier: { ...base.nodes.by_tier, default: 'done' } as StrategyNode }),
      ['~ edge by_tier [default] -> done (was general)'],
    ],
    [
      'an output newly connected and one disconnected',
      withNodes(base, { general: { ...base.nodes.general, next: { error: 'done' } } as StrategyNode }),
      ['- edge general [timeout] -> done', '+ edge general [error] -> done'],
    ],
    [
      'a node whose kind changed',
      withNodes(base, { done: { type: 'route', destination: 'voicemail' } }),
      [
        '~ node done (route)',
        '  ~ type: "end" -> "route"',
        '  - outcome: "default-route"',
        '  + destination: "voicemail"',
      ],
    ],
    [
      'inputs, variables and settings',
      make({
        title: 'VIP',
        start: 'general',
        inputs: { tier: { type: 'string', default: 'bronze' } },
        variables: { tries: { type: 'int', default: 0 } },
      }),
      [
        '+ title: "VIP"',
        '~ start: "by_tier" -> "general"',
        '~ input tier',
        '  ~ default: "" -> "bronze"',
        '+ variable tries: {"type":"int","default":0}',
      ],
    ],
  ])('%s', (_name, after, expected) => {
    expect(lines(base, after)).toEqual(expected)
  })

  it('reports a renamed node as a rename when its content is identical and every reference followed it', () => {
    const after = vipDeskAsGoldDesk('gold_desk', vip)
    const diff = diffStrategies(base, after)
    expect(diff.nodes).toEqual([
      { id: 'gold_desk', change: 'renamed', from: 'vip_desk', type: 'target', fields: [] },
    ])
    // the references that followed the rename are not rewires
    expect(diff.edges).toEqual([])
    expect(summarizeDiff(diff)).toBe('1 node renamed')
  })

  it('reports a new id as removed + added when a reference did not follow it', () => {
    const after = vipDeskAsGoldDesk('general', vip)
    expect(lines(base, after)).toEqual([
      '+ node gold_desk (target)',
      '- node vip_desk (target)',
      '~ edge by_tier [gold] -> general (was vip_desk)',
    ])
  })

  it('reports a new id as removed + added when the content changed too', () => {
    const after = vipDeskAsGoldDesk('gold_desk', { ...vip, wait: '2m' })
    const diff = diffStrategies(base, after)
    expect(diff.nodes.map((n) => `${n.change} ${n.id}`)).toEqual(['added gold_desk', 'removed vip_desk'])
    expect(diff.edges).toEqual([
      {
        node: 'by_tier',
        output: 'gold',
        path: ['cases', 0, 'next'],
        change: 'rewired',
        before: 'vip_desk',
        after: 'gold_desk',
      },
    ])
  })

  it('follows a renamed start node', () => {
    const { by_tier, ...rest } = base.nodes
    const after: StrategyDocument = { ...base, start: 'tier_check', nodes: { tier_check: by_tier!, ...rest } }
    expect(lines(base, after)).toEqual(['~ node tier_check (switch) renamed from by_tier'])
  })

  it('ignores layout, key order and formatting', () => {
    const text = readFileSync(path.join(examples, 'language-menu.strategy.yaml'), 'utf8')
    const moved = parseStrategy(text)
    moved.layout = { menu: [500, 40], by_key: [10, 900] }
    const reparsed = parseStrategy(formatStrategyText(stringifyStrategy(moved)))
    expect(isEmptyDiff(diffStrategies(parseStrategy(text), reparsed))).toBe(true)
    expect(summarizeDiff(diffStrategies(parseStrategy(text), reparsed))).toBe('no differences')
  })
})

/** Rebuilds every record of a value with its keys in a shuffled order (same data, other text). */
function shuffleKeys(value: unknown, order: readonly number[], depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, order, depth + 1))
  if (typeof value !== 'object' || value === null) return value
  const keys = Object.keys(value)
  const turn = (order[depth % order.length] ?? 0) % Math.max(1, keys.length)
  const rotated = [...keys.slice(turn), ...keys.slice(0, turn)].reverse()
  return Object.fromEntries(
    rotated.map((k) => [k, shuffleKeys((value as Record<string, unknown>)[k], order, depth + 1)]),
  )
}

describe('diff properties', () => {
  const exampleArb = fc.constantFrom(...exampleStrategies)

  it('diff(a, a) is empty', () => {
    fc.assert(
      fc.property(exampleArb, (doc) => {
        expect(isEmptyDiff(diffStrategies(doc, structuredClone(doc)))).toBe(true)
      }),
    )
  })

  it('reordering keys, moving nodes and reformatting give no change', () => {
    fc.assert(
      fc.property(
        exampleArb,
        fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: -5000, max: 5000 }))),
        fc.boolean(),
        (doc, order, positions, asJson) => {
          const moved = shuffleKeys(doc, order) as StrategyDocument
          const ids = Object.keys(doc.nodes)
          moved.layout = Object.fromEntries(positions.map((p, i) => [ids[i % ids.length]!, p]))
          const text = asJson ? JSON.stringify(moved, null, 1) : stringifyStrategy(moved)
          expect(describeDiff(diffStrategies(doc, parseStrategy(text)))).toEqual([])
        },
      ),
      { numRuns: 60 },
    )
  })

  it('diff(a, b) is empty exactly when b has the same nodes and settings, and swaps sides symmetrically', () => {
    fc.assert(
      fc.property(exampleArb, exampleArb, (a, b) => {
        const forward = diffStrategies(a, b)
        const backward = diffStrategies(b, a)
        expect(isEmptyDiff(forward)).toBe(a === b)
        expect(
          forward.nodes
            .filter((n) => n.change === 'added')
            .map((n) => n.id)
            .sort(),
        ).toEqual(
          backward.nodes
            .filter((n) => n.change === 'removed')
            .map((n) => n.id)
            .sort(),
        )
        expect(forward.edges.length).toBe(backward.edges.length)
      }),
    )
  })

  it('renaming any node of an example, with every reference, is reported as that one rename', () => {
    fc.assert(
      fc.property(exampleArb, fc.nat(), (doc, pick) => {
        const ids = Object.keys(doc.nodes)
        const oldId = ids[pick % ids.length]!
        const diff = diffStrategies(doc, renameNode(doc, oldId, 'renamed_node'))
        expect(describeDiff(diff).map((l) => l.text)).toEqual([
          `node renamed_node (${doc.nodes[oldId]!.type}) renamed from ${oldId}`,
        ])
      }),
      { numRuns: 80 },
    )
  })
})

/** `doc` with node `from` called `to`, every edge and `start` following it (as the designer's rename does). */
function renameNode(doc: StrategyDocument, from: string, to: string): StrategyDocument {
  const copy = structuredClone(doc)
  copy.nodes = Object.fromEntries(Object.entries(copy.nodes).map(([id, n]) => [id === from ? to : id, n]))
  if (copy.start === from) copy.start = to
  for (const node of Object.values(copy.nodes)) {
    for (const output of kindOf(node).outputs(node)) {
      if (output.target !== from) continue
      let holder = node as unknown as Record<string | number, unknown>
      for (const segment of output.path.slice(0, -1))
        holder = holder[segment] as Record<string | number, unknown>
      holder[output.path[output.path.length - 1]!] = to
    }
  }
  return copy
}

describe('diffDirectories', () => {
  const directory = parseDirectory(readFileSync(path.join(examples, 'contact-center.directory.yaml'), 'utf8'))

  it('is empty for the same directory written differently', () => {
    const again = parseDirectory(JSON.stringify(shuffleKeys(directory, [3, 1, 2])))
    expect(isEmptyDiff(diffDirectories(directory, again))).toBe(true)
  })

  it('lists agents, groups, queues and calendars added, removed and changed, with field paths', () => {
    const after = structuredClone(directory)
    const [firstAgent] = Object.keys(after.agents ?? {})
    const [firstGroup] = Object.keys(after.groups ?? {})
    after.agents![firstAgent!] = { ...after.agents![firstAgent!], skills: { english: 9 } }
    after.agents!.zed = { name: 'Zed', groups: [firstGroup!] }
    delete after.groups![firstGroup!]
    after.title = 'Renamed environment'
    const out = describeDiff(diffDirectories(directory, after)).map(
      (l) => `${l.depth ? '  ' : ''}${l.sign} ${l.text}`,
    )
    expect(out[0]).toMatch(/^[~+] title: /)
    expect(out).toContain(`- group ${firstGroup}: ${JSON.stringify(directory.groups![firstGroup!])}`)
    expect(out).toContain(`~ agent ${firstAgent}`)
    expect(out.some((l) => l.startsWith('  ') && l.includes('skills'))).toBe(true)
    expect(out).toContain(`+ agent zed: {"name":"Zed","groups":["${firstGroup}"]}`)
    expect(summarizeDiff(diffDirectories(directory, after))).toMatch(
      /1 setting changed · .*2 agents changed, 1 added|1 agent changed, 1 added/,
    )
  })
})
