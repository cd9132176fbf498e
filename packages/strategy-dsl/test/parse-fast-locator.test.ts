// Positions from js-yaml's events must match the yaml package's for every path of real files.
import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { buildLargeStrategyText } from '../bench/validate.bench.ts'
import type { Path } from '../src/index.ts'
import { createFastLocator } from '../src/parse/fast-locator.ts'
import { fastRead } from '../src/parse/fast-read.ts'
import { createLineIndex, createLocator } from '../src/parse/locator.ts'
import { mutate, mutation } from './fuzz-helpers.ts'

const examplesDir = new URL('../../../examples/', import.meta.url)
const files: Array<[string, string]> = [
  ...readdirSync(examplesDir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name): [string, string] => [name, readFileSync(new URL(name, examplesDir), 'utf8')]),
  ['generated 100 nodes', buildLargeStrategyText(100)],
  // empty values (`key:`) and nulls are placed from the recorded frames, as the yaml package places them
  [
    'empty values',
    'a:\nb: 1\nc:   # note\n\nd:\n  e:\n  f: ~\n  g: null\n  h: \nk: { i: , j: 1 }\nl: end\nm:',
  ],
  [
    'quoting styles',
    'a: plain text # note\nb: "double \\"q\\" \\u00e9"\nc: \'single \'\'q\'\'\'\nd: |\n  line one\n  line two\ne: >\n  folded\n  text\nf: [x, { y: "z" }]\n',
  ],
]

function* paths(value: unknown, path: Path = []): Generator<Path> {
  yield path
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* paths(value[i], [...path, i])
  else if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) yield* paths(child, [...path, key])
}

/** Compares every path's start, and every string's range and inner positions, between the two locators. */
function compare(text: string): number {
  const index = createLineIndex(text)
  const full = createLocator(parseDocument(text), text, index)
  const fast = createFastLocator(text, index, () => full)
  expect(fast).toBeDefined()
  const plain = parseDocument(text).toJS()
  let strings = 0
  for (const path of paths(plain)) {
    const where = path.join('.')
    expect(fast!.rangeOf(path)?.start, where).toEqual(full.rangeOf(path)?.start)
    expect(fast!.keyRangeOf(path)?.start, where).toEqual(full.keyRangeOf(path)?.start)
    const value = path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], plain)
    if (typeof value === 'string') {
      strings++
      expect(fast!.rangeOf(path), where).toEqual(full.rangeOf(path))
      for (const i of [0, Math.floor(value.length / 2), value.length])
        expect(fast!.positionInString(path, i), `${where}@${i}`).toEqual(full.positionInString(path, i))
    }
  }
  // a path that goes missing falls back to its deepest existing ancestor, as the full locator does
  expect(fast!.rangeOf(['nodes', 'nope', 'x'])?.start).toEqual(full.rangeOf(['nodes', 'nope', 'x'])?.start)
  return strings
}

describe('the fast locator', () => {
  it.each(files)('agrees with the full parser on %s', (_, text) => {
    expect(compare(text)).toBeGreaterThan(0)
  })

  it('agrees with the full parser on random edits of the examples that the fast path reads', () => {
    const sources = files.slice(0, -2).map(([, text]) => text)
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (text, edits) => {
          const mutated = edits.reduce(mutate, text)
          fc.pre(fastRead(mutated) !== undefined)
          const index = createLineIndex(mutated)
          if (
            createFastLocator(mutated, index, () => createLocator(parseDocument(mutated), mutated, index)) ===
            undefined
          )
            return // falls back to the full parser: fine
          compare(mutated)
        },
      ),
      // a fixed seed: CI runs the same cases every time (FAST_PATH_SEED explores others, FAST_PATH_RUNS more)
      {
        numRuns: Number(process.env.FAST_PATH_RUNS ?? 150),
        seed: Number(process.env.FAST_PATH_SEED ?? 20261130),
      },
    )
  }, 120_000)
})
