// A strategy has at most MAX_NODES nodes: one over is refused with RW013 on the `nodes:` key before the schema,
// the graph or any rule reads the nodes; the limit itself validates.
import { describe, expect, it } from 'vitest'
import { checkStrategyText, MAX_NODES, safeParseStrategy } from '../src/index.ts'
import { strategyJsonSchema } from '../src/json-schema.ts'

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
