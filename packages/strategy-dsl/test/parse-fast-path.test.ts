// The fast reading path (js-yaml, positions on demand) must give exactly what the full yaml parser gives.
import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { safeParseStrategy } from '../src/index.ts'
import { fastRead } from '../src/parse/fast-read.ts'
import { mutate, mutation } from './fuzz-helpers.ts'

const examplesDir = new URL('../../../examples/', import.meta.url)
const examples = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => readFileSync(new URL(name, examplesDir), 'utf8'))

function fullRead(text: string): { value: unknown } | undefined {
  const doc = parseDocument(text, { uniqueKeys: true, strict: true })
  return doc.errors.length > 0 ? undefined : { value: doc.toJS() }
}

describe('the fast reading path', () => {
  it('takes every example file and reads it as the full parser does', () => {
    expect(examples.length).toBeGreaterThan(8)
    for (const text of examples) {
      const fast = fastRead(text)
      expect(fast).toBeDefined()
      expect(fast?.value).toEqual(fullRead(text)?.value)
    }
  })

  it.each([
    ['0b11'],
    ['-0'],
    ['+.5'],
    ['1_000'],
    ['0o14'],
    ['0x1F'],
    ['.inf'],
    ['-.Inf'],
    ['Yes'],
    ['TRUE'],
    ['~'],
    ['2026-12-25'],
    ['12:30'],
    ['1e3'],
    ['"a\\tb"'],
  ])('resolves the scalar %s as the YAML 1.2 core schema does', (scalar) => {
    const text = `v: ${scalar}\n`
    const fast = fastRead(text)?.value as { v: unknown } | undefined
    const full = fullRead(text)?.value as { v: unknown } | undefined
    expect(fast).toBeDefined()
    expect(Object.is(fast?.v, full?.v)).toBe(true)
  })

  it.each([
    ['an alias', 'a: &x 1\nb: *x\n'],
    // found by the fast-locator property test: js-yaml starts the value at the anchor, the yaml package after it
    ['an anchor whose name starts with a star', 'a: &*:\n  b: 1\n'],
    ['a tag', 'a: !custom 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['a complex key', '? [a]\n: 1\n'],
    ['a flow collection as key', '{ a: 1 }: 2\n'],
    ['an empty key', 'a:\n  : 2\n'],
    ['a quoted scalar over two lines', 'a: "b\nc"\n'],
    ['a flow collection over two lines', 'a: [b,\n  c]\n'],
    ['a comment glued to a flow collection', 'a: { b: 1 }#c\n'],
  ])('leaves %s to the full parser', (_, text) => {
    expect(fastRead(text)).toBeUndefined()
  })

  it('never accepts what the full parser rejects, and agrees on what both accept', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (text, edits) => {
          const mutated = edits.reduce(mutate, text)
          const fast = fastRead(mutated)
          if (fast === undefined) return
          const full = fullRead(mutated)
          expect(full).toBeDefined()
          expect(fast.value).toEqual(full?.value)
        },
      ),
      { numRuns: Number(process.env.FAST_PATH_RUNS ?? 400) },
    )
  }, 120_000)

  it('still reports problems with positions, built on demand', () => {
    const result = safeParseStrategy(
      'strategy: s\nformat: 1\nstart: a\nnodes:\n  a: { type: wait, for: soon }\n',
      {
        file: 'x.strategy.yaml',
      },
    )
    expect(result.success).toBe(false)
    expect(result.diagnostics[0]?.range?.start.line).toBe(5)
  })
})
