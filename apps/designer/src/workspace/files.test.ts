import { describe, expect, it } from 'vitest'
import type { FileMeta } from '../api/protocol.ts'
import { workspaceFileKind } from '../api/protocol.ts'
import {
  baseName,
  checkNewName,
  directoryFilesFor,
  groupFiles,
  newStrategyText,
  testFileFor,
  tooLargeTitle,
} from './files.ts'

const make = (path: string): FileMeta => ({
  path,
  kind: workspaceFileKind(path) ?? 'strategy',
  size: 1,
  mtimeMs: 0,
  version: 'v1',
})
const files = [
  'sales/vip.strategy.yaml',
  'sales/vip.test.yaml',
  'vip.test.yaml',
  'main.directory.yaml',
  'sales/sales.directory.yaml',
  'a.strategy.yaml',
].map(make)

describe('file list helpers', () => {
  it('groups strategies first, each group sorted', () => {
    const groups = groupFiles(files)
    expect(groups.map((g) => [g.kind, g.files.map((f) => f.path)])).toEqual([
      ['strategy', ['a.strategy.yaml', 'sales/vip.strategy.yaml']],
      ['directory', ['main.directory.yaml', 'sales/sales.directory.yaml']],
      ['test', ['sales/vip.test.yaml', 'vip.test.yaml']],
    ])
  })

  it('finds the test file beside the strategy, not one elsewhere with the same name', () => {
    expect(testFileFor('sales/vip.strategy.yaml', files)?.path).toBe('sales/vip.test.yaml')
    expect(testFileFor('a.strategy.yaml', files)).toBeUndefined()
  })

  it('lists the directory in the same folder first', () => {
    expect(directoryFilesFor('sales/vip.strategy.yaml', files).map((f) => f.path)).toEqual([
      'sales/sales.directory.yaml',
      'main.directory.yaml',
    ])
  })

  it('strips folder and suffix for the base name', () => {
    expect(baseName('sales/vip.strategy.yaml')).toBe('vip')
  })

  it.each([
    ['Vip', 'lower-case id'],
    ['1st', 'starts with a letter'],
    ['b', undefined],
  ])('checks the new id %s', (name, problem) => {
    const result = checkNewName(name, '', '.strategy.yaml', files)
    if (problem === undefined) expect(result).toBeUndefined()
    else expect(result).toContain(problem)
  })

  it('refuses a name that exists in the folder', () => {
    expect(checkNewName('vip', 'sales/', '.strategy.yaml', files)).toBe(
      'sales/vip.strategy.yaml already exists.',
    )
  })
})

describe('newStrategyText', () => {
  it('starts with a business-hours check, valid against the directory it names from', async () => {
    const { readFile } = await import('node:fs/promises')
    const { checkStrategyText, parseDirectory } = await import('@routewright/strategy-dsl')
    const path = new URL('../../../../examples/contact-center.directory.yaml', import.meta.url)
    const directory = parseDirectory(await readFile(path, 'utf8'))
    const text = newStrategyText('inbound', directory)
    const result = checkStrategyText(text, { directory })
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(result.document?.start).toBe('hours')
    // the group most agents serve (support_en, three, before support_fr by directory order), not the first one
    // (vip_team, the VIP desk); the calendar of the designer's time zone when the directory has one
    expect(result.document?.nodes.hours).toMatchObject({ type: 'schedule', calendar: 'us_east' })
    expect(result.document?.nodes.agents).toMatchObject({ targets: [{ group: 'support_en' }] })
  })

  it('is written as `routewright fmt` writes it, so `fmt --check` passes before the first save', async () => {
    const { formatStrategyText } = await import('@routewright/strategy-dsl')
    const directory = await exampleDirectory()
    for (const text of [newStrategyText('inbound', directory), newStrategyText('inbound')]) {
      expect(formatStrategyText(text)).toBe(text)
    }
  })

  it("picks the calendar of the designer's time zone, else the first", async () => {
    const directory = await exampleDirectory()
    expect(newStrategyText('inbound', directory, 'Europe/Paris')).toContain('calendar: eu_paris')
    expect(newStrategyText('inbound', directory, 'America/New_York')).toContain('calendar: us_east')
    expect(newStrategyText('inbound', directory, 'Asia/Tokyo')).toContain('calendar: us_east')
  })
})

async function exampleDirectory() {
  const { readFile } = await import('node:fs/promises')
  const { parseDirectory } = await import('@routewright/strategy-dsl')
  const path = new URL('../../../../examples/contact-center.directory.yaml', import.meta.url)
  return parseDirectory(await readFile(path, 'utf8'))
}

describe('tooLargeTitle', () => {
  it('says the limit, the advice for the kind, and the CLI while the DSL still reads the file', () => {
    expect(tooLargeTitle({ path: 'big.strategy.yaml', size: 5 * 1024 * 1024, kind: 'strategy' })).toBe(
      "big.strategy.yaml: 5.0 MB, over the designer's 4 MB limit, so it does not open here. Split it into several " +
        'strategies joined by subroutine calls. Until then, `routewright validate big.strategy.yaml` still reads it.',
    )
  })

  it('leaves the CLI out for a file over the DSL limit too, and advises a test file as a test file', () => {
    expect(tooLargeTitle({ path: 't/huge.test.yaml', size: 11 * 1024 * 1024, kind: 'test' })).toBe(
      "t/huge.test.yaml: 11.0 MB, over the designer's 4 MB limit, so it does not open here. Split its scenarios " +
        'into several test files beside the strategy.',
    )
  })
})
