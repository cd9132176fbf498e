// "Find all references" on a directory entry, a subroutine name, a skill read in CEL and a prompt: the pure feature
// over a Project, then once over LSP as an editor asks it.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Project, references } from '../src/index.ts'
import { inProcessServers } from './in-process-server.ts'

const directory = `directory: env
format: 1
skills:
  english: {}
groups:
  support: { title: Support desk }
agents:
  ann: { groups: [support], skills: { english: 5 }, capacity: { voice: 1 } }
`
const help = `strategy: help
format: 1
start: queue
nodes:
  queue:
    type: target
    targets: [{ group: support }, { skill: skills.english >= 3 }]
    treatments: [{ play: prompts/welcome }]
    wait: 30s
    next: { timeout: done }
  done: { type: end, outcome: default-route }
`
const front = `strategy: front
format: 1
start: busy
nodes:
  busy:
    type: switch
    cases: [{ label: long, when: 'stat("group:support", "ExpectedWaitTime") > 60.0', next: done }]
    default: ask
  ask:
    type: subroutine
    call: help
    next: { done: done }
  done: { type: end, outcome: default-route }
`
const files = {
  '/ws/env.directory.yaml': directory,
  '/ws/help.strategy.yaml': help,
  '/ws/front.strategy.yaml': front,
}

function make() {
  const project = new Project('/ws')
  for (const [file, text] of Object.entries(files)) project.setDisk(file, text)
  return project
}
const at = (text: string, needle: string, shift = 0) => text.indexOf(needle) + shift
// each location as `file:line:col text`, the text being what the editor would highlight
const show = (found: ReturnType<typeof references>) =>
  found.map(({ file, range }) => {
    const text = files[file as keyof typeof files].slice(range.start.offset, range.end.offset)
    return `${path.basename(file)}:${range.start.line}:${range.start.column} ${text}`
  })

describe('references', () => {
  it('on a group in a strategy: its target, the statistic read in CEL and the directory uses', () => {
    const found = references(make(), '/ws/help.strategy.yaml', at(help, 'support', 2), false)
    expect(show(found)).toEqual([
      'env.directory.yaml:8:19 support',
      'front.strategy.yaml:7:47 support',
      'help.strategy.yaml:7:24 support',
    ])
  })

  it('on the directory key, with the declaration when asked', () => {
    const found = references(make(), '/ws/env.directory.yaml', at(directory, 'support:', 1), true)
    expect(show(found)[0]).toBe('env.directory.yaml:6:3 support')
    expect(found).toHaveLength(4)
  })

  it('on a subroutine call: every caller of the strategy, and the strategy id itself', () => {
    const project = make()
    expect(show(references(project, '/ws/front.strategy.yaml', at(front, 'call: help', 7), false))).toEqual([
      'front.strategy.yaml:11:11 help',
    ])
    expect(show(references(project, '/ws/help.strategy.yaml', at(help, 'help', 1), true))).toEqual([
      'help.strategy.yaml:1:11 help',
      'front.strategy.yaml:11:11 help',
    ])
  })

  it('on a skill read in a skill expression and on a prompt', () => {
    const project = make()
    expect(show(references(project, '/ws/help.strategy.yaml', at(help, 'english', 2), false))).toEqual([
      'env.directory.yaml:8:39 english',
      'help.strategy.yaml:7:51 english',
    ])
    expect(show(references(project, '/ws/help.strategy.yaml', at(help, 'welcome', 1), false))).toEqual([
      'help.strategy.yaml:8:26 prompts/welcome',
    ])
  })

  it('finds nothing on a word that names no object', () => {
    expect(references(make(), '/ws/help.strategy.yaml', at(help, 'wait:', 1), true)).toEqual([])
  })
})

const startInProcess = inProcessServers('rw-lsp-refs-')

describe('textDocument/references over LSP', () => {
  it('answers with the uses in every open file', async () => {
    const { lsp, root } = await startInProcess()
    const uri = (name: string) => pathToFileURL(path.join(root, name)).href
    for (const [file, text] of Object.entries(files)) lsp.open(uri(path.basename(file)), text)
    const found = (await lsp.requestAt(
      'textDocument/references',
      uri('front.strategy.yaml'),
      { text: front, needle: 'call: help', shift: 7 },
      { context: { includeDeclaration: true } },
    )) as Array<{ uri: string; range: { start: { line: number; character: number } } }>
    expect(
      found.map(
        (l) => `${path.basename(new URL(l.uri).pathname)}:${l.range.start.line}:${l.range.start.character}`,
      ),
    ).toEqual(['help.strategy.yaml:0:10', 'front.strategy.yaml:10:10'])
  })
})
