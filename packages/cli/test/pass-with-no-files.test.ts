// --pass-with-no-files: a folder or glob with none of the files a command reads is a note and exit 0, not exit 2.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { directory, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const FLAG = '--pass-with-no-files'

describe('--pass-with-no-files', () => {
  it.each([
    [['validate', 'flows'], 'validate'],
    [['test', 'flows'], 'test'],
    [['fmt', '--check', 'flows'], 'fmt'],
    [['where-used', 'support', '--workspace', 'flows'], 'where-used'],
  ])('%j: a folder that holds none of the files passes with one note on stderr', async (args, command) => {
    const cwd = workspace({ 'flows/notes.txt': 'not a strategy\n' })
    expect(await routewrightInProcess([...args, FLAG], cwd)).toEqual({
      code: 0,
      stdout: '',
      stderr: `note: flows holds none of the files ${command} reads (looked in ${path.join(cwd, 'flows')} and the folders under it); passing: ${FLAG}\n`,
    })
  })

  it('passes a glob that matches none of the files (a CI step run before the first test is written)', async () => {
    const cwd = workspace({ 'flows/a.strategy.yaml': strategy('a') })
    expect(
      await routewrightInProcess(['test', 'flows/**/*.test.yaml', FLAG, '--format', 'junit'], cwd),
    ).toEqual({
      code: 0,
      stdout: '',
      stderr: `note: No matching files for "flows/**/*.test.yaml"; passing: ${FLAG}\n`,
    })
  })

  it('still checks the other inputs: an empty folder beside one with an error fails on the error', async () => {
    const broken = strategy('a').replace('group: support', 'group: suport')
    const cwd = workspace({
      'flows/a.strategy.yaml': broken,
      'env.directory.yaml': directory,
      'empty/notes.txt': '',
    })
    const result = await routewrightInProcess(['validate', 'empty', 'flows', 'env.directory.yaml', FLAG], cwd)
    expect(result.stderr).toBe(
      `note: empty holds none of the files validate reads (looked in ${path.join(cwd, 'empty')} and the folders under it); passing: ${FLAG}\n`,
    )
    expect(result.stdout).toContain('flows/a.strategy.yaml:')
    expect(result.code).toBe(1)
  })

  it('leaves a folder named like a file, and a path not there, usage errors (exit 2)', async () => {
    const cwd = workspace({ 'x.strategy.yaml/notes.txt': '' })
    expect((await routewrightInProcess(['test', 'x.strategy.yaml/', FLAG], cwd)).code).toBe(2)
    expect((await routewrightInProcess(['validate', 'missing', FLAG], cwd)).code).toBe(2)
  })

  it('is an unknown flag for the commands that read no folder', async () => {
    const cwd = workspace({ 'a.strategy.yaml': strategy('a') })
    expect(await routewrightInProcess(['diff', 'a.strategy.yaml', 'a.strategy.yaml', FLAG], cwd)).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: Unknown flag ${FLAG} for "routewright diff"\nhint: See routewright diff --help\n`,
    })
  })
})
