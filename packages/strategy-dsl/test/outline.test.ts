// The outline an editor shows: each section of a strategy, directory or test file with its entries in the file's
// order, each entry's range from its key to the end of its value and its name to highlight.
import { describe, expect, it } from 'vitest'
import {
  type OutlineEntry,
  outlineOf,
  safeParseDirectory,
  safeParseStrategy,
  safeParseTestDocument,
} from '../src/index.ts'

const strategy = `strategy: front
format: 1
variables:
  tier: { type: string, default: unknown }
inputs:
  account: { type: string }
start: ask
nodes:
  ask:
    type: switch
    title: Known caller?
    cases: [{ when: 'data.account != ""', next: done }]
    default: done
  done: { type: end, outcome: default-route }
`

/** Each entry as `name (detail) kind line:col-line:col [selected text]`, children indented. */
function show(entries: readonly OutlineEntry[], text: string, depth = 0): string[] {
  return entries.flatMap((e) => [
    `${'  '.repeat(depth)}${e.name}${e.detail ? ` (${e.detail})` : ''} ${e.kind} ${e.range.start.line}:${e.range.start.column}-${e.range.end.line}:${e.range.end.column} [${text.slice(e.selectionRange.start.offset, e.selectionRange.end.offset)}]`,
    ...show(e.children ?? [], text, depth + 1),
  ])
}

describe('outlineOf', () => {
  it('lists a strategy’s sections in the file’s order, nodes with their kind and title', () => {
    const parsed = safeParseStrategy(strategy, { positions: true })
    if (!parsed.success || !parsed.locator) throw new Error('fixture must parse')
    expect(show(outlineOf({ kind: 'strategy', document: parsed.data }, parsed.locator), strategy)).toEqual([
      'variables section 3:1-4:43 [variables]',
      '  tier (string) variable 4:3-4:43 [tier]',
      'inputs section 5:1-6:28 [inputs]',
      '  account (string) input 6:3-6:28 [account]',
      'nodes section 8:1-14:46 [nodes]',
      '  ask (switch · Known caller?) node 9:3-13:18 [ask]',
      '  done (end) node 14:3-14:46 [done]',
    ])
  })

  it('lists a directory’s entries by section, with their titles', () => {
    const text = `directory: env
format: 1
groups:
  support: { title: Support desk }
  sales: {}
skills:
  english: {}
agents:
  ann: { name: Ann Lee, groups: [support], skills: { english: 5 } }
`
    const parsed = safeParseDirectory(text, { positions: true })
    if (!parsed.success || !parsed.locator) throw new Error('fixture must parse')
    const names = show(outlineOf({ kind: 'directory', document: parsed.data }, parsed.locator), text)
    expect(names.map((line) => line.replace(/ \d+:\d+-\d+:\d+/, ''))).toEqual([
      'groups section [groups]',
      '  support (Support desk) entry [support]',
      '  sales entry [sales]',
      'skills section [skills]',
      '  english entry [english]',
      'agents section [agents]',
      '  ann (Ann Lee) entry [ann]',
    ])
  })

  it('names each scenario of a test file and highlights its name', () => {
    const text = `tests: front
format: 1
scenarios:
  - name: known caller
    interaction: { data: { account: A-1 } }
    expect: { outcome: default-route, path: [ask, done] }
  - expect: { outcome: default-route }
    name: "unknown: no account"
`
    const parsed = safeParseTestDocument(text, { positions: true })
    if (!parsed.success || !parsed.locator) throw new Error('fixture must parse')
    expect(show(outlineOf({ kind: 'test', document: parsed.data }, parsed.locator), text)).toEqual([
      'scenarios section 3:1-8:32 [scenarios]',
      '  known caller (default-route) scenario 4:5-6:58 [known caller]',
      '  unknown: no account (default-route) scenario 7:5-8:32 ["unknown: no account"]',
    ])
  })
})
