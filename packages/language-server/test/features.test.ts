import { describe, expect, it } from 'vitest'
import { completion, definition, format, hover, locate, Project, renameNode } from '../src/index.ts'

const strategy = `strategy: help
format: 1

start: queue
nodes:
  queue:
    type: target
    targets: [{ group: support }]
    wait: 30s
    next: { timeout: "done", error: done }

  done:
    type: end
    outcome: default-route
`
const directory = `directory: env
format: 1
groups:
  support: { title: Support desk }
agents:
  ann: { groups: [support], capacity: { voice: 1 } }
calendars:
  office: { timezone: Europe/Paris, hours: { mon-fri: "09:00-17:00" } }
`

function make(files: Record<string, string> = {}) {
  const project = new Project('/ws')
  project.setDisk('/ws/env.directory.yaml', directory)
  project.setDisk('/ws/help.strategy.yaml', strategy)
  for (const [file, text] of Object.entries(files)) project.open(file, text)
  return project
}
const at = (text: string, needle: string, shift = 0) => text.indexOf(needle) + shift

describe('language server features', () => {
  it('hovers an input read in an expression with a type error, and a pick rule', () => {
    const text = strategy
      .replace('start: queue', 'inputs:\n  segment: { type: string, default: standard }\nstart: check')
      .replace('    wait: 30s', '    pick: longest-idle\n    wait: 30s')
      .concat(`  check:
    type: switch
    cases: [{ when: 'data.segment == 1', next: queue }]
    default: queue
`)
    const project = make({ '/ws/help.strategy.yaml': text })
    expect(hover(project, '/ws/help.strategy.yaml', at(text, 'data.segment', 7))).toBe(
      '**input** `data.segment` (string, default `"standard"`)',
    )
    expect(hover(project, '/ws/help.strategy.yaml', at(text, 'longest-idle', 3))).toBe(
      '**pick** `longest-idle`\n\nThe agent who has been ready longest answers (the usual default).',
    )
  })

  it('locates keys and values with their document path', () => {
    expect(locate(strategy, at(strategy, 'queue:', 2))).toMatchObject({
      path: ['nodes', 'queue'],
      onKey: true,
      value: 'queue',
    })
    // quotes are not part of the id
    const quoted = locate(strategy, at(strategy, '"done"', 2))
    expect(quoted).toMatchObject({ path: ['nodes', 'queue', 'next', 'timeout'], onKey: false, value: 'done' })
    expect(strategy.slice(quoted!.start, quoted!.end)).toBe('done')
  })

  it('renames a node id in its key, in quoted and plain references, and refuses a taken or invalid name', () => {
    const project = make()
    const result = renameNode(project, '/ws/help.strategy.yaml', at(strategy, 'done:', 1), 'finish')
    if (typeof result === 'string') throw new Error(result)
    let text = strategy
    for (const edit of [...result.edits].sort((a, b) => b.range.start.offset - a.range.start.offset)) {
      text = text.slice(0, edit.range.start.offset) + edit.newText + text.slice(edit.range.end.offset)
    }
    expect(text).toContain('next: { timeout: "finish", error: finish }')
    expect(text).toContain('  finish:\n    type: end')
    expect(renameNode(project, '/ws/help.strategy.yaml', at(strategy, 'done:', 1), 'queue')).toBe(
      'A node "queue" already exists',
    )
    expect(renameNode(project, '/ws/help.strategy.yaml', at(strategy, 'done:', 1), '9 lives')).toMatch(
      /not a valid node id/,
    )
    // mid-typing: the file does not parse, and the message says that rather than blame the cursor
    project.open('/ws/help.strategy.yaml', strategy.replace('nodes:\n', 'nodes: [\n'))
    expect(renameNode(project, '/ws/help.strategy.yaml', at(strategy, 'done:', 1), 'finish')).toBe(
      'The strategy does not parse yet: fix its errors first, then rename the node',
    )
  })

  it("renames a node id in its strategy's tests' expected paths, and leaves another strategy's tests alone", () => {
    const tests = `tests: help
format: 1
scenarios:
  - name: routed
    expect: { outcome: routed, path: [queue, "done"] }
  - name: one per line
    expect:
      outcome: timeout
      path:
        - queue
        - done
`
    const other = `tests: other
format: 1
scenarios:
  - name: its own done
    expect: { outcome: routed, path: [done] }
`
    const project = make({ '/ws/help.test.yaml': tests, '/ws/other.test.yaml': other })
    const result = renameNode(project, '/ws/help.strategy.yaml', at(strategy, 'done:', 1), 'finish')
    if (typeof result === 'string') throw new Error(result)
    const texts: Record<string, string> = {
      '/ws/help.strategy.yaml': strategy,
      '/ws/help.test.yaml': tests,
      '/ws/other.test.yaml': other,
    }
    const edited = { ...texts }
    for (const edit of [...result.edits].sort((a, b) => b.range.start.offset - a.range.start.offset))
      edited[edit.file] =
        edited[edit.file]!.slice(0, edit.range.start.offset) +
        edit.newText +
        edited[edit.file]!.slice(edit.range.end.offset)
    expect(edited['/ws/help.test.yaml']).toBe(
      tests.replace('[queue, "done"]', '[queue, "finish"]').replace('- done', '- finish'),
    )
    expect(edited['/ws/other.test.yaml']).toBe(other)
    expect(edited['/ws/help.strategy.yaml']).toContain('next: { timeout: "finish", error: finish }')
  })

  it('hovers calendars and statistics, completes calendars and statistics, and goes to a calendar', () => {
    const text = `${strategy.replace('start: queue', 'start: hours')}  hours:
    type: schedule
    calendar: office
    next: { open: queue, closed: done, holiday: done }
  check:
    type: switch
    cases: [{ label: long, when: 'stat("queue:q", "ExpectedWaitTime") > 60', next: done }]
    default: done
`
    const project = make({ '/ws/help.strategy.yaml': text })
    expect(hover(project, '/ws/help.strategy.yaml', at(text, 'office', 2))).toMatch(
      /^\*\*calendar\*\* `office`\n\ntime zone Europe\/Paris$/,
    )
    expect(hover(project, '/ws/help.strategy.yaml', at(text, 'ExpectedWaitTime', 3))).toMatch(
      /^\*\*statistic\*\* `ExpectedWaitTime` \(seconds/,
    )
    expect(
      completion(project, '/ws/help.strategy.yaml', at(text, 'calendar: office', 10)).map((c) => c.label),
    ).toEqual(['office'])
    expect(completion(project, '/ws/help.strategy.yaml', at(text, ' > 60')).map((c) => c.label)).toContain(
      'ExpectedWaitTime',
    )
    const found = definition(project, '/ws/help.strategy.yaml', at(text, 'office', 1))
    expect(found?.file).toBe('/ws/env.directory.yaml')
    expect(found?.range.start).toMatchObject({ line: 8, column: 3 })
  })

  it('formats only text that parses', () => {
    const project = make({ '/ws/x.strategy.yaml': 'strategy: x\nnodes: [' })
    expect(format(project, '/ws/x.strategy.yaml')).toBeUndefined()
    expect(format(project, '/ws/help.strategy.yaml')).toBe(strategy)
  })

  it('formats a canonical CRLF file to itself, so the editor gets no edit that only changes line ends', () => {
    const crlf = strategy.replace(/\n/g, '\r\n')
    const project = make({ '/ws/help.strategy.yaml': crlf })
    expect(format(project, '/ws/help.strategy.yaml')).toBe(crlf)
  })

  it('[RW481][RW482] checks alarms.yaml against the directory, and never formats it', () => {
    const alarms =
      'alarms: a\nformat: 1\nrules:\n  sl: { figure: waiting, queue: group:suport, above: 3, windw: 5m }\n'
    const project = make({ '/ws/alarms.yaml': alarms })
    expect(project.diagnostics('/ws/alarms.yaml').map((d) => `${d.code} ${d.message}`)).toEqual([
      'RW481 Unknown field "windw" in rule "sl". Did you mean "window"?',
    ])
    project.open('/ws/alarms.yaml', alarms.replace(', windw: 5m', ''))
    expect(project.diagnostics('/ws/alarms.yaml').map((d) => `${d.code} ${d.message}`)).toEqual([
      'RW482 The directory has no group "suport". Did you mean "support"?',
    ])
    expect(format(project, '/ws/alarms.yaml')).toBeUndefined()
  })
})
