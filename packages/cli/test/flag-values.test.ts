// Flag values the CLI refuses, in words that say what is wrong: a zero duration is one but must be more than 0.
import { describe, expect, it } from 'vitest'
import { directory, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const files = { 'desk.strategy.yaml': strategy('desk'), 'env.directory.yaml': directory }
const simulate = ['simulate', 'desk.strategy.yaml', '--arrivals', '20/h']

describe('routewright simulate: durations that must be positive', () => {
  it.each([
    [['--aht', '0'], 'error: --aht 0 must be more than 0'],
    [['--aht', '0s'], 'error: --aht 0s must be more than 0'],
    [['--aht', '180', '--patience', '0m'], 'error: --patience 0m must be more than 0'],
  ])('%j: says it must be more than 0 (exit 2)', async (flags, said) => {
    const run = await routewrightInProcess([...simulate, ...flags], workspace(files))
    expect([run.code, run.stdout]).toEqual([2, ''])
    expect(run.stderr.split('\n')[0]).toBe(said)
  })

  it('still says a word that is no duration is not one', async () => {
    const run = await routewrightInProcess([...simulate, '--aht', 'soon'], workspace(files))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^error: --aht "soon" is not a duration\n/)
  })
})

describe('a flag with a value given twice', () => {
  it('is refused naming the flag (exit 2), not the last value taken', async () => {
    const run = await routewrightInProcess(
      [...simulate, '--aht', '180', '--hours', '1', '--hours', '2'],
      workspace(files),
    )
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --hours is given twice ("1" and "2"); it takes one value (routewright simulate)\nhint: Give --hours once: routewright simulate --hours 2\n',
    })
  })

  it('is refused with a joined value too', async () => {
    const run = await routewrightInProcess(
      ['validate', '--format=json', '--format', 'sarif'],
      workspace(files),
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^error: --format is given twice \("json" and "sarif"\)/)
  })

  it('is refused for a switch too (exit 2): a doubled switch is a script appending one unseen', async () => {
    const run = await routewrightInProcess(['validate', '--strict', '--strict'], workspace(files))
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --strict is given twice; it is a switch, once turns it on (routewright validate)\nhint: Give --strict once: routewright validate --strict\n',
    })
  })

  it('takes every value of a flag documented as repeatable', async () => {
    const serve = await routewrightInProcess(
      [
        'serve',
        '--workspace',
        'missing',
        '--allow-origin',
        'http://a.test',
        '--allow-origin',
        'http://b.test',
      ],
      workspace(files),
    )
    expect(serve.stderr).not.toMatch(/given twice/)
  })
})
