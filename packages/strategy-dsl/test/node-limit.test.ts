// A strategy has at most MAX_NODES nodes: one over is refused with RW013 on the `nodes:` key before the schema,
// the graph or any rule reads the nodes; the limit itself validates. JSON is counted before the full read.

import { describe, expect, it, vi } from 'vitest'
import type * as Yaml from 'yaml'
import { checkStrategyText, MAX_NODES, safeParseStrategy, strategyNodeLimit } from '../src/index.ts'
import { strategyJsonSchema } from '../src/json-schema.ts'

// the full read with positions: seconds for a pretty JSON file at the limit, so a refusal must not take it
const reads = vi.hoisted(() => ({ full: 0 }))
vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof Yaml>()
  return {
    ...yaml,
    parseDocument: (...args: Parameters<typeof yaml.parseDocument>) => {
      reads.full++
      return yaml.parseDocument(...args)
    },
  }
})

/** `count` wait nodes in a chain ending in one end node, as pretty-printed JSON (a flow that spans lines). */
function prettyJson(count: number): string {
  const nodes: Record<string, unknown> = {}
  for (let i = 0; i < count - 1; i++) nodes[`n${i}`] = { type: 'wait', for: '1s', next: `n${i + 1}` }
  nodes[`n${count - 1}`] = { type: 'end', outcome: 'default-route' }
  return JSON.stringify({ strategy: 'big', format: 1, start: 'n0', nodes }, null, 2)
}

/** `count` wait nodes in a chain ending in one end node, in block style; `extra` lines go after `nodes:`. */
function chain(count: number, extra: readonly string[] = []): string {
  const lines = ['strategy: big', 'format: 1', 'start: n0', 'nodes:', ...extra]
  for (let i = 0; i < count - 1; i++) lines.push(`  n${i}: { type: wait, for: 1s, next: n${i + 1} }`)
  lines.push(`  n${count - 1}: { type: end, outcome: default-route }`, '')
  return lines.join('\n')
}

const REFUSAL =
  'The strategy has 10,001 nodes, over the limit of 10,000. Split the strategy into subroutines: move parts of it into strategies of their own and call them with subroutine nodes.'

describe('the node-count limit (RW013)', () => {
  it('refuses 10,001 nodes on the nodes: key, before the schema reads any node', () => {
    // a node of no known type: the schema would report it (RW023) if it ran
    const text = chain(MAX_NODES, ['  odd: { type: nonsense }'])
    for (const positions of [false, true]) {
      const result = safeParseStrategy(text, { file: 'big.strategy.yaml', positions })
      expect(result.success).toBe(false)
      expect(result.diagnostics).toMatchObject([
        {
          code: 'RW013',
          severity: 'error',
          message: REFUSAL,
          path: ['nodes'],
          file: 'big.strategy.yaml',
          range: { start: { line: 4, column: 1 }, end: { line: 4, column: 6 } },
        },
      ])
    }
  })

  it('places the refusal on the "nodes" key of a JSON file too', () => {
    const nodes = Object.fromEntries(
      Array.from({ length: MAX_NODES + 1 }, (_, i) => [`n${i}`, { type: 'end', outcome: 'abandon' }]),
    )
    // on one line, as JSON is often written: only the locator knows where its keys are
    const text = JSON.stringify({ strategy: 'big', format: 1, start: 'n0', nodes })
    const [finding] = safeParseStrategy(text, { file: 'big.strategy.json' }).diagnostics
    expect(finding?.code).toBe('RW013')
    const at = text.indexOf('"nodes"') + 1
    expect(finding?.range).toMatchObject({ start: { line: 1, column: at }, end: { line: 1, column: at + 7 } })
  })

  it('refuses 10,001 pretty JSON nodes on the "nodes" key without the full read', () => {
    const text = prettyJson(MAX_NODES + 1)
    // line 5 is `  "nodes": {`
    const refusal = {
      code: 'RW013',
      message: REFUSAL,
      path: ['nodes'],
      file: 'big.strategy.json',
      range: { start: { line: 5, column: 3 }, end: { line: 5, column: 10 } },
    }
    for (const positions of [false, true]) {
      reads.full = 0
      const result = safeParseStrategy(text, { file: 'big.strategy.json', positions })
      expect(result.diagnostics).toMatchObject([refusal])
      expect(reads.full).toBe(0)
    }
    reads.full = 0
    expect(strategyNodeLimit(text, 'big.strategy.json')).toMatchObject(refusal)
    expect(reads.full).toBe(0)
  })

  it('finds the "nodes" key past escaped quotes, and written with an escape itself', () => {
    const text = prettyJson(MAX_NODES + 1)
      .replace('"start": "n0",', '"start": "n0",\n  "description": "a \\"nodes\\": { \\\\",')
      .replace('"nodes": {', '"no\\u0064es": {')
    const [finding] = safeParseStrategy(text, { file: 'big.strategy.json' }).diagnostics
    expect(finding).toMatchObject({
      code: 'RW013',
      range: { start: { line: 6, column: 3 }, end: { line: 6, column: 15 } },
    })
  })

  it('validates 10,000 pretty JSON nodes', () => {
    const result = checkStrategyText(prettyJson(MAX_NODES), { file: 'big.strategy.json' })
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(Object.keys(result.document?.nodes ?? {})).toHaveLength(MAX_NODES)
  })

  it('refuses an oversized JSON strategy even when a key repeats, on the "nodes" key JSON.parse kept', () => {
    const text = prettyJson(MAX_NODES + 1)
    // JSON.parse keeps the last "nodes", the oversized one: the refusal goes on it, not on the first
    const twoNodes = text.replace('{\n', '{\n  "nodes": {},\n')
    const refusal = {
      code: 'RW013',
      message: REFUSAL,
      path: ['nodes'],
      range: { start: { line: 6, column: 3 }, end: { line: 6, column: 10 } },
    }
    expect(safeParseStrategy(twoNodes, { file: 'big.strategy.json' }).diagnostics).toMatchObject([refusal])
    expect(strategyNodeLimit(twoNodes, 'big.strategy.json')).toMatchObject(refusal)
    const repeatedNode = text.replace('"strategy": "big",', '"strategy": "big",\n  "format": 1,')
    expect(strategyNodeLimit(repeatedNode, 'big.strategy.json')).toMatchObject({ code: 'RW013' })
    // a repeated node name leaves 10,000 in the value, but the text's 10,001 entries are counted on the full read
    const twoN0 = text.replace('"n1": {', '"n0": {')
    expect(safeParseStrategy(twoN0, { file: 'big.strategy.json' }).diagnostics).toMatchObject([
      { code: 'RW013', path: ['nodes'] },
    ])
  })

  it('refuses an oversized YAML strategy even when a key repeats, before reporting the repeat', () => {
    const refusal = { code: 'RW013', message: REFUSAL, path: ['nodes'] }
    for (const text of [
      chain(MAX_NODES + 1).replace('format: 1', 'format: 1\nformat: 1'),
      chain(MAX_NODES, ['  n1: { type: end, outcome: abandon }']),
    ]) {
      expect(safeParseStrategy(text, { file: 'big.strategy.yaml' }).diagnostics).toMatchObject([refusal])
      expect(strategyNodeLimit(text, 'big.strategy.yaml')).toMatchObject(refusal)
    }
    // within the limit the repeat is the finding
    const twoFormats = chain(MAX_NODES).replace('format: 1', 'format: 1\nformat: 1')
    expect(safeParseStrategy(twoFormats).diagnostics).toMatchObject([{ code: 'RW002' }])
    expect(strategyNodeLimit(twoFormats)).toBeUndefined()
  })

  it('leaves JSON "nodes" that are not a mapping to the schema', () => {
    const nodes = Array.from({ length: MAX_NODES + 1 }, () => ({ type: 'end', outcome: 'abandon' }))
    const text = JSON.stringify({ strategy: 'big', format: 1, start: 'n0', nodes }, null, 2)
    expect(safeParseStrategy(text, { file: 'big.strategy.json' }).diagnostics).toMatchObject([
      {
        code: 'RW020',
        message: '"nodes" should be a mapping (key: value), not a list.',
        path: ['nodes'],
        range: { start: { line: 5, column: 12 } },
      },
    ])
  })

  it('validates a strategy of exactly 10,000 nodes', () => {
    const result = checkStrategyText(chain(MAX_NODES))
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(Object.keys(result.document?.nodes ?? {})).toHaveLength(MAX_NODES)
  })

  it('tells editors the limit through the JSON Schema', () => {
    const nodes = (strategyJsonSchema().properties as Record<string, Record<string, unknown>>).nodes
    expect(nodes?.maxProperties).toBe(MAX_NODES)
  })
})
