// Random edits of YAML texts, shared by the fuzz tests.
import fc from 'fast-check'

export const yamlish = fc.constantFrom(
  ...': -[]{}#&*!|>\'"\n\t ,?%@`\\0123abc'.split(''),
  '\n  ',
  '---',
  '...',
  '<<',
  '~',
)

/** A random edit of a text: delete, insert YAML-significant characters, duplicate or swap lines. */
export const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.array(yamlish, { minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
)
export type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never

export function mutate(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1)
  const lines = text.split('\n')
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length)
    case 'insert':
      return text.slice(0, at) + m.text.join('') + text.slice(at)
    case 'duplicate': {
      const i = m.at % lines.length
      return [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n')
    }
    case 'swap': {
      const i = m.at % lines.length
      const j = m.other % lines.length
      const copy = [...lines]
      ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
      return copy.join('\n')
    }
  }
}
