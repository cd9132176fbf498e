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
