// The scalar under an offset (`SourceLocator.nodeAt`, what an editor's hover asks): the positions recorded by the
// fast read must answer as the yaml package's Document does, at every token of real files.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { buildLargeStrategyText } from '../bench/validate.bench.ts'
import { nodeAtInDocument, safeParseStrategy } from '../src/index.ts'
import { createFastLocator } from '../src/parse/fast-locator.ts'
import { fastRead } from '../src/parse/fast-read.ts'
import { createLineIndex } from '../src/parse/locator.ts'

const examplesDir = new URL('../../../examples/', import.meta.url)
const files: Array<[string, string]> = [
  ...readdirSync(examplesDir)
    .filter((name) => name.endsWith('.strategy.yaml'))
    .map((name): [string, string] => [name, readFileSync(new URL(name, examplesDir), 'utf8')]),
  ['generated 20 nodes', buildLargeStrategyText(20)],
  // empty values (`key:`) and nulls are placed from the recorded frames, as the yaml package places them
  [
    'empty values',
    'a:\nb: 1\nc:   # note\n\nd:\n  e:\n  f: ~\n  g: null\n  h: \nk: { i: , j: 1 }\nl: end\nm:',
  ],
  [
    'quoting styles',
    'a: plain text # note\nb: "double \\"q\\" \\u00e9"\nc: \'single \'\'q\'\'\'\nf: [x, { y: "z" }]\n',
  ],
]

describe('nodeAt', () => {
  it.each(files)('answers from the fast read as the yaml Document does at every token: %s', (_, text) => {
    const read = fastRead(text, true)
    expect(read?.frames).toBeDefined()
    const fast = createFastLocator(
      text,
      createLineIndex(text),
      () => {
        throw new Error('the recorded frames should be enough')
      },
      read!.frames,
    )
    const doc = parseDocument(text)
    const differences: string[] = []
    for (let offset = 0; offset <= text.length; offset++) {
      // a cursor touching a token (on it or just after it): between tokens the two may disagree about a line end
      if (!/\S/.test(text[offset] ?? '') && !/\S/.test(text[offset - 1] ?? '')) continue
      const want = nodeAtInDocument(doc, text, offset)
      const got = fast?.nodeAt?.(offset)
      if (JSON.stringify(got) !== JSON.stringify(want))
        differences.push(`${offset}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`)
    }
    expect(differences.slice(0, 5)).toEqual([])
  })

  it('is answered by a parse that kept positions, and by one that reported a YAML error', () => {
    const text =
      'strategy: help\nformat: 1\nstart: done\nnodes:\n  done: { type: end, outcome: "default-route" }\n'
    const parsed = safeParseStrategy(text, { positions: true })
    expect(parsed.locator?.nodeAt?.(text.indexOf('default-route'))).toEqual({
      path: ['nodes', 'done', 'outcome'],
      onKey: false,
      value: 'default-route',
      start: text.indexOf('default-route'),
      end: text.indexOf('default-route') + 'default-route'.length,
    })
    const broken = `${text}  queue: [\n`
    const failed = safeParseStrategy(broken, { positions: true })
    expect(failed.success).toBe(false)
    expect(failed.locator?.nodeAt?.(broken.indexOf('start: done') + 8)).toMatchObject({
      path: ['start'],
      value: 'done',
    })
  })
})
