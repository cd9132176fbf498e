import { describe, expect, it } from 'vitest'
import { pathRenameEdits } from './rename-in-tests.ts'

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
