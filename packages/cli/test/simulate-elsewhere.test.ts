// `routewright simulate` says where the calls it counts "other" went, and warns beside the Erlang columns when most
// never reached an agent (author review 1 and 7: after-hours callers heard the closed message, then voicemail).
import { describe, expect, it } from 'vitest'
import { examplesDir } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

describe('routewright simulate: calls that went elsewhere', () => {
  it('routes after-hours callers past the closed message to voicemail and says so', async () => {
    const run = await routewrightInProcess(
      [
        'simulate',
        'business-hours.strategy.yaml',
        '--arrivals',
        '30/h',
        '--aht',
        '180',
        '--hours',
        '2',
        '--patience',
        '120',
        // a Saturday evening: New York and Paris both closed
        '--start',
        '2026-03-07T20:00:00Z',
      ],
      examplesDir,
    )
    expect(run.code).toBe(0)
    const offered = Number(/^offered (\d+),/m.exec(run.stdout)?.[1])
    expect(offered).toBeGreaterThan(20)
    expect(run.stdout).toContain(`offered ${offered}, answered 0, abandoned 0, other ${offered}\n`)
    expect(run.stdout).toContain(
      `other: ${offered} of ${offered} calls neither reached an agent nor hung up: route voicemail ${offered}\n`,
    )
    expect(run.stdout).toContain(
      `Most calls (${offered} of ${offered}) never reached an agent, so the Erlang columns, which offer every call to the agents, do not describe this run: check the strategy's schedule against --start.\n`,
    )
  })

  it('names no other way when every call reached an agent', async () => {
    const run = await routewrightInProcess(
      [
        'simulate',
        'business-hours.strategy.yaml',
        '--arrivals',
        '30/h',
        '--aht',
        '180',
        '--hours',
        '2',
        '--start',
        '2026-03-09T15:00:00Z',
      ],
      examplesDir,
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/, abandoned 0, other 0\n/)
    expect(run.stdout).not.toContain('other:')
    expect(run.stdout).not.toContain('Most calls')
  })
})
