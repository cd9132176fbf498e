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
const show = (found: ReturnType<typeof references>, texts: Record<string, string> = files) =>
  found.map(({ file, range }) => {
    const text = texts[file]!.slice(range.start.offset, range.end.offset)
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

describe('references on a name read more than once in one expression', () => {
  const twice = `strategy: twice
format: 1
variables:
  tier: { type: string, default: unknown }
start: pick
nodes:
  pick:
    type: switch
    cases: [{ when: 'tier == "gold" || tier == "silver"', next: done }]
    default: done
  done: { type: end, outcome: default-route }
`
  it('returns every place it is written, from either one, with the declaration when asked', () => {
    const project = new Project('/ws')
    project.setDisk('/ws/twice.strategy.yaml', twice)
    const texts = { '/ws/twice.strategy.yaml': twice }
    const second = twice.lastIndexOf('tier ==') + 1
    expect(show(references(project, '/ws/twice.strategy.yaml', second, true), texts)).toEqual([
      'twice.strategy.yaml:4:3 tier',
      'twice.strategy.yaml:9:22 tier',
      'twice.strategy.yaml:9:40 tier',
    ])
    expect(
      show(references(project, '/ws/twice.strategy.yaml', at(twice, 'tier ==', 1), false), texts),
    ).toEqual(['twice.strategy.yaml:9:22 tier', 'twice.strategy.yaml:9:40 tier'])
  })
})

const helpTests = `tests: help
format: 1
scenarios:
  - name: ann answers
    agents: { ann: ready }
    expect: { outcome: routed, target: group:support, path: [queue] }
`
const alarms = `alarms: desk
format: 1
rules:
  support-waiting:
    figure: waiting
    queue: group:support
    above: 5
`
const withTests: Record<string, string> = {
  ...files,
  '/ws/help.test.yaml': helpTests,
  '/ws/alarms.yaml': alarms,
}

function makeWithTests() {
  const project = new Project('/ws')
  for (const [file, text] of Object.entries(withTests)) project.setDisk(file, text)
  return project
}

describe('references in test files, alarms.yaml and on node ids', () => {
  it('on a group in alarms.yaml: the alarm, the test that expects it and the strategies, each at the name', () => {
    const found = references(makeWithTests(), '/ws/alarms.yaml', at(alarms, 'group:support', 7), false)
    expect(show(found, withTests)).toEqual([
      'alarms.yaml:6:18 support',
      'env.directory.yaml:8:19 support',
      'front.strategy.yaml:7:47 support',
      'help.strategy.yaml:7:24 support',
      'help.test.yaml:6:46 support',
    ])
  })

  it("on a node id: the strategy's start, its declaration and the tests that expect it on their path", () => {
    const project = makeWithTests()
    const fromKey = references(project, '/ws/help.strategy.yaml', at(help, '  queue:', 3), true)
    expect(show(fromKey, withTests)).toEqual([
      'help.strategy.yaml:5:3 queue',
      'help.strategy.yaml:3:8 queue',
      'help.test.yaml:6:62 queue',
    ])
    // from the test's expected path back to the edges into `done` of front (another strategy's `done` stays out)
    const fromEdge = references(project, '/ws/front.strategy.yaml', at(front, 'next: done', 7), false)
    expect(show(fromEdge, withTests)).toEqual([
      'front.strategy.yaml:7:92 done',
      'front.strategy.yaml:12:19 done',
    ])
  })
})

const voicemail = {
  '/ws/env.directory.yaml': `directory: env
format: 1
destinations:
  voicemail: { type: routing-point, address: '8000' }
`,
  '/ws/closed.strategy.yaml': `strategy: closed
format: 1
start: away
nodes:
  away: { type: route, destination: voicemail }
`,
  '/ws/closed.test.yaml': `tests: closed
format: 1
scenarios:
  - name: to voicemail
    expect: { outcome: route, destination: voicemail }
  - name: to a number
    expect: { outcome: route, destination: '+33123456' }
`,
}

describe('references on a destination', () => {
  it("from a test's expected destination: the route node, the declaration and the test itself", () => {
    const project = new Project('/ws')
    for (const [file, text] of Object.entries(voicemail)) project.setDisk(file, text)
    const test = voicemail['/ws/closed.test.yaml']
    const found = references(project, '/ws/closed.test.yaml', at(test, 'destination: voicemail', 15), true)
    expect(show(found, voicemail)).toEqual([
      'env.directory.yaml:4:3 voicemail',
      'closed.strategy.yaml:5:37 voicemail',
      'closed.test.yaml:5:44 voicemail',
    ])
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

  it('answers on a node id with the tests that expect it', async () => {
    const { lsp, root } = await startInProcess()
    const uri = (name: string) => pathToFileURL(path.join(root, name)).href
    for (const [file, text] of Object.entries(withTests)) lsp.open(uri(path.basename(file)), text)
    const found = (await lsp.requestAt(
      'textDocument/references',
      uri('help.test.yaml'),
      { text: helpTests, needle: '[queue]', shift: 2 },
      { context: { includeDeclaration: false } },
    )) as Array<{ uri: string; range: { start: { line: number; character: number } } }>
    expect(
      found.map(
        (l) => `${path.basename(new URL(l.uri).pathname)}:${l.range.start.line}:${l.range.start.character}`,
      ),
    ).toEqual(['help.strategy.yaml:2:7', 'help.test.yaml:5:61'])
  })
})

describe('textDocument/rename over LSP', () => {
  it("renames a node id in the strategy and in its tests' expected paths, each file under its own uri", async () => {
    const { lsp, root } = await startInProcess()
    const uri = (name: string) => pathToFileURL(path.join(root, name)).href
    for (const [file, text] of Object.entries(withTests)) lsp.open(uri(path.basename(file)), text)
    const renamed = (await lsp.requestAt(
      'textDocument/rename',
      uri('help.strategy.yaml'),
      { text: help, needle: '  queue:', shift: 3 },
      { newName: 'desk' },
    )) as { changes: Record<string, Array<{ range: { start: { line: number; character: number } } }>> }
    const at = (name: string) =>
      renamed.changes[uri(name)]?.map((e) => `${e.range.start.line}:${e.range.start.character}`)
    expect(at('help.strategy.yaml')).toEqual(['4:2', '2:7'])
    expect(at('help.test.yaml')).toEqual(['5:61'])
    expect(Object.keys(renamed.changes)).toHaveLength(2)
  })
})
