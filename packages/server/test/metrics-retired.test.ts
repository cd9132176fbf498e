// /metrics of a serve whose workspace changes: a retired version's series (nothing open on it any more) are still
// scraped for a grace, so their final values are seen, then they go; a version still draining or current keeps its.
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { RETIRED_SERIES_GRACE_MS } from '../src/core/server-metrics.ts'
import { stoppedAfterEachTest, supportStrategy, type TestServer } from './helpers.ts'
import { aloneAndWithRedis } from './reload-setups.ts'

const started = stoppedAfterEachTest()
const setups = aloneAndWithRedis('retired-metrics')

/** The versions /metrics shows a submitted count for. */
async function submittedVersions(t: TestServer): Promise<string[]> {
  const answer = await fetch(`${t.server.url}/metrics`)
  const text = await answer.text()
  const found = [...text.matchAll(/^routewright_submitted_total\{[^}]*version="([^"]+)"[^}]*\} \d+$/gm)]
  return found.map((m) => m[1]!).sort()
}

describe.each(setups)('series of retired versions, %s', (_, setup) => {
  it('drops the series of each retired version a grace after it was found gone', async () => {
    const clock = createSimulatedClock(Date.UTC(2026, 11, 6, 10))
    const t = await started.serve({ clock, ...(await setup(clock)) })
    const deployed: string[] = []
    async function deploy(wait: string): Promise<string> {
      t.workspace.write('support.strategy.yaml', supportStrategy('support', wait))
      const version = (await t.ok('POST', '/v1/reload')).version as string
      deployed.push(version)
      return version
    }
    // `draining` keeps one interaction open (no agent is ready, it waits an hour)
    const draining = await deploy('1h')
    await t.ok('POST', '/v1/interactions', { id: 'open', strategy: 'support' })
    // three more, each one's interaction abandoned before the next deploy: the first two retire
    for (const wait of ['2h', '3h', '4h']) {
      await deploy(wait)
      await t.ok('POST', '/v1/interactions', { id: wait, strategy: 'support' })
      await t.ok('POST', `/v1/interactions/${wait}/abandon`)
    }
    const current = deployed.at(-1)!
    expect((await t.ok('GET', '/v1/versions')).versions).toEqual([
      expect.objectContaining({ version: draining, status: 'draining', open: 1 }),
      expect.objectContaining({ version: current, status: 'current' }),
    ])
    // the retired ones' final values are scraped first
    expect(await submittedVersions(t)).toEqual([...deployed].sort())
    clock.advance(RETIRED_SERIES_GRACE_MS - 1)
    expect(await submittedVersions(t)).toEqual([...deployed].sort())
    clock.advance(1)
    expect(await submittedVersions(t)).toEqual([draining, current].sort())
  })
})
