import { describe, expect, it } from 'vitest'
import type { FileMeta } from '../api/protocol.ts'
import { pathRenameEdits, renameInTests } from './rename-in-tests.ts'

const make = (path: string, text: string) => ({ path, text, baseVersion: 'v1' })

const TESTS = `tests: vip-routing
format: 1
scenarios:
  - name: gold
    interaction: { media: voice }
    expect: { outcome: routed, path: [has_tier, vip_desk, general] }
  - name: other
    interaction: { media: voice }
    expect:
      outcome: routed
      path:
        - has_tier
        - vip_desk_2
`

describe('a node renamed in its tests', () => {
  it('writes the new id over each path entry naming the node, and nothing else', () => {
    const [edit] = pathRenameEdits([make('vip.test.yaml', TESTS)], 'vip-routing', 'vip_desk', 'vip_lounge')
    expect(edit?.after).toBe(TESTS.replace('vip_desk, general', 'vip_lounge, general'))
    expect(edit?.baseVersion).toBe('v1')
  })

  it('keeps the quotes of a quoted id', () => {
    const quoted = TESTS.replace('[has_tier, vip_desk, general]', '[has_tier, "vip_desk", general]')
    const [edit] = pathRenameEdits([make('vip.test.yaml', quoted)], 'vip-routing', 'vip_desk', 'null')
    expect(edit?.after).toBe(quoted.replace('"vip_desk"', '"null"'))
  })

  it('leaves the tests of another strategy and texts without the node out', () => {
    const other = make('other.test.yaml', TESTS.replace('tests: vip-routing', 'tests: other'))
    expect(pathRenameEdits([other], 'vip-routing', 'vip_desk', 'vip_lounge')).toEqual([])
    expect(pathRenameEdits([make('vip.test.yaml', TESTS)], 'vip-routing', 'nowhere', 'x')).toEqual([])
  })
})

/** A session with one test file, whose read waits until `release` is called. */
function heldSession() {
  let release = () => {}
  const read = new Promise<void>((resolve) => {
    release = resolve
  })
  const file = { path: 'vip.test.yaml', kind: 'test' } as FileMeta
  const session = {
    getState: () => ({ files: [file] }) as never,
    readForEdit: async (path: string) => {
      await read
      return make(path, TESTS)
    },
    stageEdits: () => [],
  }
  return { session, release }
}

/** Whether `promise` settles once the microtasks and one macrotask have run (nothing here waits on a clock). */
async function settlesNow(promise: Promise<unknown>): Promise<boolean> {
  let settled = false
  void promise.then(() => {
    settled = true
  })
  await new Promise((resolve) => setTimeout(resolve, 0))
  return settled
}

describe('renameInTests', () => {
  it('runs one rename at a time in a session, and never holds another session behind it', async () => {
    const a = heldSession()
    const b = heldSession()
    const first = renameInTests(a.session, 'vip-routing', 'vip_desk', 'vip_lounge')
    const second = renameInTests(a.session, 'vip-routing', 'vip_lounge', 'vip_room')
    const other = renameInTests(b.session, 'vip-routing', 'vip_desk', 'vip_lounge')
    b.release()
    expect(await settlesNow(other)).toBe(true)
    expect(await settlesNow(second)).toBe(false)
    a.release()
    expect((await first).map((e) => e.path)).toEqual(['vip.test.yaml'])
    await second
  })
})
