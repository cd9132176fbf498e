// pure: the names a test file (`*.test.yaml`) and alarms.yaml use: strategies, nodes, agents, groups, queues, data.

import type { Path, ReferenceKind } from '../nodes/kind.ts'
import { idSchema } from '../schema/primitives.ts'
import type { TestDocument } from '../test-file.ts'
import { nameRange, nameRangeInKey } from './name-range.ts'
import { nodeName, type UsageFile, type Use } from './use.ts'

/** A target as tests, statistics and alarms write it (`group:vip_team`): the kind and name it names. */
const TARGET_RE = /^(group|queue|agent|skill):(.+)$/

function target(text: string): { kind: ReferenceKind; name: string } | undefined {
  const match = TARGET_RE.exec(text)
  return match ? { kind: match[1] as ReferenceKind, name: match[2]! } : undefined
}

/** The uses in one test file: what each scenario sets up, stubs, feeds and expects. */
export function testUses(file: UsageFile<TestDocument>): Use[] {
  const out: Use[] = []
  const strategy = file.document.tests
  const value = (kind: ReferenceKind, name: string, use: string, path: Path, text = name) => {
    const range = nameRange(file.locator, path, text, name)
    out.push({ kind, name, use, file: file.file, strategy, path, ...(range ? { range } : {}) })
  }
  const key = (kind: ReferenceKind, name: string, use: string, path: Path, text = name) => {
    const range = nameRangeInKey(file.locator, path, text, name)
    out.push({ kind, name, use, file: file.file, strategy, path, ...(range ? { range } : {}) })
  }
  const stats = (table: Record<string, unknown> | undefined, path: Path) => {
    for (const subject of Object.keys(table ?? {})) {
      const named = target(subject)
      if (named) key(named.kind, named.name, 'test statistics', [...path, subject], subject)
    }
  }
  value('strategy', strategy, 'tested', ['tests'])
  file.document.scenarios.forEach((scenario, s) => {
    const at = ['scenarios', s]
    for (const agent of Object.keys(scenario.agents ?? {}))
      key('agent', agent, 'test agent', [...at, 'agents', agent])
    for (const name of Object.keys(scenario.functions ?? {}))
      key('function', name, 'test stub', [...at, 'functions', name])
    for (const name of Object.keys(scenario.interaction?.data ?? {}))
      key('variable', `data.${name}`, 'test input', [...at, 'interaction', 'data', name], name)
    stats(scenario.stats, [...at, 'stats'])
    scenario.events?.forEach((event, e) => {
      if (event.agent !== undefined) value('agent', event.agent, 'test event', [...at, 'events', e, 'agent'])
      stats(event.stats, [...at, 'events', e, 'stats'])
    })
    const expect = scenario.expect
    if (expect.agent !== undefined) value('agent', expect.agent, 'test expects', [...at, 'expect', 'agent'])
    // a route's destination names a directory destination; a dialled number is no name
    if (expect.destination !== undefined && idSchema.safeParse(expect.destination).success)
      value('destination', expect.destination, 'test expects', [...at, 'expect', 'destination'])
    const won = expect.target === undefined ? undefined : target(expect.target)
    if (won) value(won.kind, won.name, 'test expects', [...at, 'expect', 'target'], expect.target)
    expect.path?.forEach((node, i) => {
      value('node', nodeName(strategy, node), 'test expects path', [...at, 'expect', 'path', i], node)
    })
    for (const name of Object.keys(expect.data ?? {}))
      key('variable', `data.${name}`, 'test expects', [...at, 'expect', 'data', name], name)
    for (const name of Object.keys(expect.variables ?? {}))
      key('variable', name, 'test expects', [...at, 'expect', 'variables', name])
  })
  return out
}

/** alarms.yaml as where-used reads it (serve's reader parses it; only the rules' targets matter here). */
export interface AlarmsUsageDocument {
  rules: Readonly<Record<string, { queue?: string | undefined }>>
}

/** The groups, queues, skills and agents alarm rules watch (`queue: group:vip_team`). */
export function alarmUses(file: UsageFile<AlarmsUsageDocument>): Use[] {
  const out: Use[] = []
  for (const [rule, value] of Object.entries(file.document.rules)) {
    const named = value.queue === undefined ? undefined : target(value.queue)
    if (!named || value.queue === undefined) continue
    const path = ['rules', rule, 'queue']
    const range = nameRange(file.locator, path, value.queue, named.name)
    out.push({
      kind: named.kind,
      name: named.name,
      use: `alarm ${rule}`,
      file: file.file,
      path,
      ...(range ? { range } : {}),
    })
  }
  return out
}
