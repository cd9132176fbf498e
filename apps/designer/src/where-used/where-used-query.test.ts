// The designer's where-used read over the example workspace: every file kind findUses reads counts its uses.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type FileMeta, workspaceFileKind } from '../api/protocol.ts'
import type { WorkspaceClientLike } from '../workspace/client-types.ts'
import { findUses } from './where-used-query.ts'

const examples = join(import.meta.dirname, '../../../../examples')

/** The example folder as the designer server lists it; only `read` is asked for. */
function exampleWorkspace(): { client: WorkspaceClientLike; files: FileMeta[] } {
  const files: FileMeta[] = []
  for (const path of readdirSync(examples).sort()) {
    const kind = workspaceFileKind(path)
    if (kind) files.push({ path, kind, size: 0, mtimeMs: 0, version: path })
  }
  const read = async (path: string) => {
    const meta = files.find((f) => f.path === path)
    if (!meta) throw new Error(`${path} is not listed`)
    return { ...meta, text: readFileSync(join(examples, path), 'utf8') }
  }
  // serve's alarms.yaml comes by its own call: it is no designer document
  const alarms = async () => ({
    path: 'alarms.yaml',
    version: 'alarms',
    text: readFileSync(join(examples, 'alarms.yaml'), 'utf8'),
  })
  return { client: { read, alarms } as unknown as WorkspaceClientLike, files }
}

describe('findUses', () => {
  it("lists the tests that expect a route to a destination, at the name in each test's expect", async () => {
    const { client, files } = exampleWorkspace()
    const { found, skipped } = await findUses(client, files, undefined, {
      name: 'voicemail',
      kind: 'destination',
    })
    expect(skipped).toEqual([])
    const tests = found.uses.filter((use) => use.file.endsWith('.test.yaml'))
    expect(tests.map((use) => `${use.file} ${use.path.join('.')}`)).toEqual([
      'business-hours.test.yaml scenarios.3.expect.destination',
      'business-hours.test.yaml scenarios.5.expect.destination',
      'business-hours.test.yaml scenarios.6.expect.destination',
      'business-hours.test.yaml scenarios.7.expect.destination',
      'inbound-call.test.yaml scenarios.2.expect.destination',
      'vip-routing.test.yaml scenarios.8.expect.destination',
    ])
    expect(found.uses.some((use) => use.use === 'routes to')).toBe(true)
  })
})

describe('findUses and alarms.yaml', () => {
  it("lists the alarm rules that watch a queue, read with serve's reader, at the name in `queue: queue:<name>`", async () => {
    const { client, files } = exampleWorkspace()
    const { found } = await findUses(client, files, undefined, { name: 'billing', kind: 'queue' })
    const alarms = found.uses.filter((use) => use.file === 'alarms.yaml')
    expect(alarms.map((use) => `${use.use} ${use.path.join('.')}`)).toEqual([
      'alarm billing-service-level rules.billing-service-level.queue',
    ])
    const text = readFileSync(join(examples, 'alarms.yaml'), 'utf8')
    expect(alarms.map((use) => text.slice(use.range?.start.offset, use.range?.end.offset))).toEqual([
      'billing',
    ])
  })

  it('names an alarms.yaml that does not parse among the files left out', async () => {
    const { client, files } = exampleWorkspace()
    const broken = {
      ...client,
      alarms: async () => ({ path: 'alarms.yaml', version: 'x', text: 'rules: [' }),
    }
    const { skipped } = await findUses(broken, files, undefined, { name: 'support', kind: 'queue' })
    expect(skipped).toEqual(['alarms.yaml'])
  })
})
