// simulate's traffic findings placed at their node's line: every finding of a strategy from one parse of its file.
import * as dsl from '@routewright/strategy-dsl'
import { checkTraffic } from '@routewright/strategy-runtime'
import { describe, expect, it, vi } from 'vitest'
import { findingLines, placeFindings } from '../src/report/traffic-findings.ts'
import { Workspace } from '../src/workspace.ts'
import { workspace } from './helpers.ts'

// a spy that parses as the DSL does, to count how often the findings' file is parsed
vi.mock('@routewright/strategy-dsl', async (original) => {
  const actual = await original<typeof dsl>()
  return { ...actual, safeParseStrategy: vi.fn(actual.safeParseStrategy) }
})

// four targets no voice agent is in: four RW493 findings, each at its group's name on its own line
const desks = `strategy: desks
format: 1
start: a
nodes:
  a:
    type: target
    targets: [{ group: chat }]
    wait: 5s
    next: { timeout: b }
  b: { type: target, targets: [{ group: email }], wait: 5s, next: { timeout: c } }
  c:
    type: target
    targets:
      - { group: pool }
      - { group: sms }
    wait: 5s
    next: { timeout: d }
  d: { type: target, targets: [{ group: social }] }
`
const floor = `directory: floor
format: 1
groups: { chat: {}, email: {}, pool: {}, sms: {}, social: {} }
agents:
  ann: { groups: [pool], capacity: { voice: 1 } }
  cy: { groups: [chat, email, sms, social], capacity: { chat: 2 } }
`

describe('placeFindings', () => {
  it('[RW493] places several findings of one strategy at their nodes, parsing its file once', async () => {
    const cwd = workspace({ 'desks.strategy.yaml': desks, 'floor.directory.yaml': floor })
    const loaded = new Workspace(cwd)
    await loaded.addFolder('.')
    const directory = dsl.parseDirectory(floor)
    const findings = checkTraffic({
      strategy: 'desks',
      strategies: loaded.strategies(),
      directory,
      agents: ['ann', 'cy'],
    })
    const parse = vi.mocked(dsl.safeParseStrategy)
    parse.mockClear()
    const placed = placeFindings(findings, loaded, undefined)
    expect(parse).toHaveBeenCalledTimes(1)
    expect(placed.map((f) => [f.code, f.where])).toEqual([
      ['RW493', 'desks.strategy.yaml:7:24'],
      ['RW493', 'desks.strategy.yaml:10:41'],
      ['RW493', 'desks.strategy.yaml:15:18'],
      ['RW493', 'desks.strategy.yaml:18:41'],
    ])
    expect(findingLines(placed).split('\n')[0]).toBe(
      'desks.strategy.yaml:7:24  warning  RW493  Node "a" of "desks" targets group "chat", where no logged-in agent takes media "voice": contacts sent there wait until they abandon or time out.',
    )
  })
})
