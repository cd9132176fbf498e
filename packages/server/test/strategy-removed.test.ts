// A strategy file removed from the workspace while an interaction waits on it: that one finishes on its version, a
// new submit is refused 422 `unknown-strategy` saying the file went, and the file's return routes again.
import { rmSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, supportStrategy, triageStrategy } from './helpers.ts'

const started = stoppedAfterEachTest()

describe('a strategy removed while interactions wait on it', () => {
  it('keeps the waiting run, refuses new submits saying the file went, and routes again once it is back', async () => {
    const t = await started.serve({}, { 'triage.strategy.yaml': triageStrategy() })
    const first = (await t.ok('GET', '/v1/versions')).versions as Array<{ version: string }>
    await t.ok('POST', '/v1/interactions', { id: 'waiting', strategy: 'support' })

    rmSync(path.join(t.workspace.dir, 'support.strategy.yaml'))
    const reload = await t.ok('POST', '/v1/reload')
    expect(reload.applied).toBe(true)
    const refused = await t.request('POST', '/v1/interactions', { id: 'new', strategy: 'support' })
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('unknown-strategy')
    expect(refused.body.error).toBe(
      `Unknown strategy "support" (loaded: triage). Version ${reload.version} is current. It is gone since version ${first[0]!.version} (its file removed, or its strategy id changed), which still finishes the 1 interaction started on it; new ones are refused until the workspace has it again.`,
    )
    expect((await t.request('GET', '/v1/interactions/new')).status).toBe(404)

    // the waiting one kept its run: routed on its version once ann is ready, and that version then drains
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    expect(await t.ok('GET', '/v1/interactions/waiting')).toMatchObject({ state: 'reserved', agent: 'ann' })
    await t.ok('POST', '/v1/interactions/waiting/confirm')
    await t.ok('POST', '/v1/interactions/waiting/complete')
    // its version gone, serve no longer knows the strategy was there: the plain refusal
    expect((await t.request('POST', '/v1/interactions', { id: 'new', strategy: 'support' })).body.error).toBe(
      `Unknown strategy "support" (loaded: triage). Version ${reload.version} is current.`,
    )

    t.workspace.write('support.strategy.yaml', supportStrategy())
    expect((await t.ok('POST', '/v1/reload')).version).toBe(first[0]!.version)
    expect(await t.ok('POST', '/v1/interactions', { id: 'back', strategy: 'support' })).toMatchObject({
      agent: 'ann',
    })
  })
})
