// Moving nodes rewrites only their layout lines; the result must be what the full formatter would write.
import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { spliceLayout } from '../src/format/splice-layout.ts'
import { formatStrategyText, parseStrategy, type StrategyDocument, updateStrategyText } from '../src/index.ts'

const examplesDir = new URL('../../../examples/', import.meta.url)
/** The examples with a position for every node, as the designer saves them after a layout. */
const canonical = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.strategy.yaml'))
  .map((name) => {
    const text = readFileSync(new URL(name, examplesDir), 'utf8')
    const doc = parseStrategy(text)
    const ids = Object.keys(doc.nodes)
    const layout = Object.fromEntries(ids.map((id, i) => [id, [i * 240, (i % 3) * 120] as [number, number]]))
    return updateStrategyText(text, { ...doc, layout })
  })

function moved(doc: StrategyDocument, moves: Array<[number, number, number]>): StrategyDocument {
  const layout = { ...doc.layout }
  const ids = Object.keys(layout)
  for (const [pick, x, y] of moves) layout[ids[pick % ids.length]!] = [x, y]
  return { ...doc, layout }
}

describe('moving nodes', () => {
  it('has examples with positions to move', () => {
    expect(canonical.length).toBeGreaterThan(3)
  })

  it('gives canonical text that means the moved document, keeping everything else byte for byte', () => {
    const coordinate = fc.integer({ min: -100_000, max: 100_000 })
    fc.assert(
      fc.property(
        fc.constantFrom(...canonical),
        fc.array(fc.tuple(fc.nat(), coordinate, coordinate), { minLength: 1, maxLength: 5 }),
        (text, moves) => {
          const next = moved(parseStrategy(text), moves)
          const updated = updateStrategyText(text, next)
          // the fast path is the one taken, and it writes what the full formatter writes
          expect(spliceLayout(text, next)).toBe(updated)
          expect(parseStrategy(updated)).toEqual(next)
          expect(formatStrategyText(updated)).toBe(updated)
          const head = text.slice(0, text.search(/^layout:/m))
          expect(updated.startsWith(head)).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  }, 60_000)

  it('keeps a CRLF file CRLF on a drag, on the fast path, the same bytes as the LF file with CRLF ends', () => {
    for (const lf of canonical) {
      const crlf = lf.replace(/\n/g, '\r\n')
      const next = moved(parseStrategy(lf), [
        [1, 7, -9],
        [2, 480, 360],
      ])
      const fast = spliceLayout(crlf, next)
      expect(fast).toBe(updateStrategyText(lf, next).replace(/\n/g, '\r\n'))
      expect(updateStrategyText(crlf, next)).toBe(fast)
    }
  })

  it('keeps a CRLF file CRLF when a canvas edit needs the full update', () => {
    const crlf = canonical[0]!.replace(/\n/g, '\r\n')
    const next = { ...moved(parseStrategy(crlf), [[0, 5, 5]]), title: 'Renamed flow' }
    const updated = updateStrategyText(crlf, next)
    expect(updated).toMatch(/^title: Renamed flow\r$/m)
    expect(updated.replace(/\r\n/g, '')).not.toContain('\n')
    expect(parseStrategy(updated)).toEqual(next)
  })

  it('still formats fully when something besides positions changed', () => {
    const text = canonical[0]!
    const doc = parseStrategy(text)
    const next = { ...moved(doc, [[0, 5, 5]]), title: 'Renamed flow' }
    expect(spliceLayout(text, next)).toBeUndefined()
    const updated = updateStrategyText(text, next)
    expect(parseStrategy(updated)).toEqual(next)
    expect(updated).toMatch(/^title: Renamed flow$/m)
  })
})
