// The canonical YAML writer: the same bytes as the yaml package's writer it replaces (on random documents with
// comments, blank lines and every quoting style), output that reads back to the same value, and stable output.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Document, parseDocument, stringify } from 'yaml'
import { z } from 'zod'
import { canonicalize, type Layout, TO_STRING_OPTIONS } from '../src/format/canonical.ts'
import { UnsupportedNode } from '../src/format/write-scalar.ts'
import { writeCanonicalYaml } from '../src/format/write-yaml.ts'
import { formatStrategyText } from '../src/index.ts'

const layout: Layout = { block: (path) => path.length <= 1, spaced: (path) => path.length === 1 }
const DEL = '\u007f'
/** C1 controls, format characters (bidi, zero-width), line and paragraph separators: escapeInvisible's, DEL aside. */
const INVISIBLE = /[\u0080-\u009f\p{Cf}\p{Zl}\p{Zp}]/u

/** What the formatter printed before the writer: the yaml package's toString, DEL escaped. */
function yamlText(doc: Document): string {
  return doc.toString({ ...TO_STRING_OPTIONS, directives: false }).replaceAll(DEL, '\\x7F')
}

function canonical(text: string): Document | undefined {
  const doc = parseDocument(text, { uniqueKeys: false })
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined
  canonicalize(doc, z.unknown(), doc.toJS(), layout)
  return doc
}

function write(doc: Document): string {
  return writeCanonicalYaml(doc).replaceAll(DEL, '\\x7F')
}

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    'a b',
    "it's",
    'say "hi"',
    '#x',
    'a: b',
    '- a',
    '---',
    'true',
    '12',
    '0x1F',
    '1e3',
  ),
  fc.constantFrom(
    '.5',
    'null',
    '~',
    'x\ny',
    'a\n\nb\n',
    ' lead',
    'trail ',
    'tab\there',
    `del${DEL}`,
    '\u0085',
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.stringMatching(/^[a-z \n'"#:{}[\],-]{0,50}$/),
)
const scalar = fc.oneof(text, fc.integer(), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null))
const key = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), text)
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
})).map
const document = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 })

const renderings = fc.record({
  defaultStringType: fc.constantFrom(
    'PLAIN',
    'QUOTE_DOUBLE',
    'QUOTE_SINGLE',
    'BLOCK_LITERAL',
    'BLOCK_FOLDED',
  ),
  collectionStyle: fc.constantFrom('any', 'block', 'flow' as const),
  indent: fc.integer({ min: 1, max: 4 }),
  lineWidth: fc.constantFrom(0, 20, 80),
})

/** Comment lines, trailing comments and blank lines put between the lines of a rendering. */
const decorations = fc.array(
  fc.record({
    line: fc.nat(),
    kind: fc.constantFrom('comment line', 'trailing comment', 'blank line'),
    words: fc.stringMatching(/^[ a-z#:'"]{0,12}$/),
  }),
  { maxLength: 6 },
)

function decorate(source: string, edits: Array<{ line: number; kind: string; words: string }>): string {
  const lines = source.split('\n')
  for (const { line, kind, words } of edits) {
    const at = line % lines.length
    const indent = /^ */.exec(lines[at]!)![0]
    if (kind === 'comment line') lines.splice(at, 0, `${indent}#${words}`)
    else if (kind === 'blank line') lines.splice(at, 0, '')
    else lines[at] = `${lines[at]} #${words}`
  }
  return lines.join('\n')
}

describe('canonical YAML writer', () => {
  it('writes the same bytes as the yaml package for any document, comments and styles', () => {
    let written = 0
    fc.assert(
      fc.property(document, renderings, decorations, (value, options, edits) => {
        // the one difference meant: a double-quoted text keeps C1 and format characters escaped (yaml writes them raw)
        fc.pre(!INVISIBLE.test(JSON.stringify(value)))
        const doc = canonical(decorate(stringify(value, options), edits))
        fc.pre(doc !== undefined)
        let mine: string
        try {
          mine = write(doc!)
        } catch (error) {
          // only what the writer leaves to the yaml package (keep-chomped block scalars here)
          expect(error).toBeInstanceOf(UnsupportedNode)
          return
        }
        written++
        expect(mine).toBe(yamlText(doc!))
      }),
      { numRuns: 400 },
    )
    expect(written).toBeGreaterThan(200)
  }, 120_000)

  it('gives text that reads back to the same value and writes itself again unchanged', () => {
    fc.assert(
      fc.property(document, renderings, (value, options) => {
        const doc = canonical(stringify(value, options))
        fc.pre(doc !== undefined)
        let once: string
        try {
          once = writeCanonicalYaml(doc!)
        } catch {
          fc.pre(false)
          return
        }
        const again = canonical(once)
        expect(again).toBeDefined()
        expect(again!.toJS()).toEqual(doc!.toJS())
        expect(writeCanonicalYaml(again!)).toBe(once)
      }),
      { numRuns: 300 },
    )
  }, 120_000)

  it('leaves anchors and tags to the yaml package, with the same result', () => {
    const source = 'strategy: s\nformat: 1\nx: &a [1, 2]\ny: *a\nz: !!str 5\n'
    const doc = canonical(source)!
    expect(() => writeCanonicalYaml(doc)).toThrow(UnsupportedNode)
    expect(() => formatStrategyText(source)).toThrow() // not a valid strategy either way
  })

  it('escapes DEL in double quotes and keeps comments, blank lines and flow padding', () => {
    const doc = canonical(
      `# head\n\na: "x${DEL}y" # after\n\n# before b\nb:\n  - { k: 1, l: [1, 2] }\n  - 'q' # q\nc: |\n  lit\n`,
    )!
    expect(write(doc)).toBe(
      '# head\n\na: "x\\x7Fy" # after\n\n# before b\nb:\n  - { k: 1, l: [1, 2] }\n  - \'q\' # q\n\nc: |\n  lit\n',
    )
    expect(write(doc)).toBe(yamlText(doc))
  })
})
