import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { atomicReplace } from '@routewright/node-support/atomic-write'
import { eventually } from '@routewright/node-support/testing'
import { duplicateStrategyMessage } from '@routewright/strategy-dsl'
import { describe, expect, it, onTestFinished } from 'vitest'
import { stoppedAfterEachTest, supportStrategy } from './helpers.ts'

const started = stoppedAfterEachTest()

describe('hot reload', () => {
  it('applies a changed workspace atomically; an interaction in progress finishes on its version', async () => {
    const t = await started.serve()
    const first = (await t.server.coordinator.versions())[0]!.version
    await t.request('POST', '/v1/interactions', { id: 'old', strategy: 'support' })
    t.workspace.write('support.strategy.yaml', supportStrategy('support', '2m', 10))
    const reload = await t.request('POST', '/v1/reload')
    expect(reload.status).toBe(200)
    expect(reload.body.applied).toBe(true)
    const second = reload.body.version as string
    expect(second).not.toBe(first)

    const versions = (await t.request('GET', '/v1/versions')).body.versions
    expect(versions).toEqual([
      expect.objectContaining({ version: first, status: 'draining', open: 1 }),
      expect.objectContaining({ version: second, status: 'current', open: 0 }),
    ])
    await t.request('POST', '/v1/interactions', { id: 'new', strategy: 'support' })
    expect((await t.request('GET', '/v1/interactions/new')).body.version).toBe(second)

    // ann comes ready: the old interaction (first in line) gets her on the old version, and the new version,
    // whose interaction waits too, sees her busy rather than booking her twice
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    const old = (await t.request('GET', '/v1/interactions/old')).body
    expect(old).toMatchObject({ version: first, state: 'reserved', agent: 'ann' })
    expect((await t.request('GET', '/v1/interactions/new')).body.state).toBe('queued')
    expect(old.trace.every((e: { strategy: string }) => e.strategy === 'support')).toBe(true)

    await t.request('POST', '/v1/interactions/old/confirm')
    await t.request('POST', '/v1/interactions/old/complete')
    // the old version drained and is gone; ann, free again, goes to the new version's interaction
    expect(
      (await t.request('GET', '/v1/versions')).body.versions.map((v: { version: string }) => v.version),
    ).toEqual([second])
    expect((await t.request('GET', '/v1/interactions/new')).body).toMatchObject({
      state: 'reserved',
      agent: 'ann',
    })
    const metrics = (await t.request('GET', '/metrics')).body as string
    expect(metrics).toContain('routewright_reloads_total{result="applied"} 1')
  })

  it('refuses a broken change with its diagnostics and keeps the running version', async () => {
    const t = await started.serve()
    const running = (await t.server.coordinator.versions())[0]!.version
    t.workspace.write('support.strategy.yaml', supportStrategy().replace('group: support', 'group: suport'))
    const reload = await t.request('POST', '/v1/reload')
    expect(reload.status).toBe(422)
    // a stable code, as every error of serve has one
    expect(reload.body.code).toBe('workspace-invalid')
    expect(reload.body.version).toBe(running)
    expect(reload.body.diagnostics).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'error', file: 'support.strategy.yaml' })]),
    )
    expect((await t.server.coordinator.versions()).map((v) => v.version)).toEqual([running])
    expect(t.logs).toContainEqual(expect.objectContaining({ level: 'warn', errors: expect.any(Number) }))
    // still routing on the version that was running
    await t.request('PUT', '/v1/agents/bob/state', { state: 'ready' })
    expect((await t.request('POST', '/v1/interactions', { id: 'k', strategy: 'support' })).body.agent).toBe(
      'bob',
    )
  })

  it('shows a refused workspace on disk in /readyz and /healthz until a reload takes the files again', async () => {
    const t = await started.serve()
    expect((await t.request('GET', '/readyz')).body.workspaceRefused).toBeUndefined()
    t.workspace.write('support.strategy.yaml', supportStrategy().replace('group: support', 'group: suport'))
    expect((await t.request('POST', '/v1/reload')).status).toBe(422)
    const refused = {
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      errors: expect.any(Number),
      first: expect.stringMatching(/^support\.strategy\.yaml:\d+:\d+: error RW\d+ /),
      note: expect.stringContaining('a restart would refuse to start'),
    }
    // still ready: it routes on the version it loaded; monitoring reads why a restart would fail
    const ready = await t.request('GET', '/readyz')
    expect(ready.status).toBe(200)
    expect(ready.body).toMatchObject({ ready: true, workspaceRefused: refused })
    const since = ready.body.workspaceRefused.since
    expect((await t.request('GET', '/healthz')).body.workspaceRefused).toMatchObject(refused)
    // refused again: the same start of the refusal
    expect((await t.request('POST', '/v1/reload')).status).toBe(422)
    expect((await t.request('GET', '/readyz')).body.workspaceRefused.since).toBe(since)
    t.workspace.write('support.strategy.yaml', supportStrategy())
    expect((await t.request('POST', '/v1/reload')).status).toBe(200)
    expect((await t.request('GET', '/readyz')).body.workspaceRefused).toBeUndefined()
    expect((await t.request('GET', '/healthz')).body.workspaceRefused).toBeUndefined()
  })

  it('[RW094] refuses a second file with a running id, pointing at both copies (file:line:col) in the CLI words', async () => {
    const t = await started.serve()
    // the copy sorts first, so support.strategy.yaml is the one refused; its id sits a line lower in the copy
    t.workspace.write('copy.strategy.yaml', `# a copy left behind\n${supportStrategy()}`)
    const reload = await t.request('POST', '/v1/reload')
    expect(reload.status).toBe(422)
    expect(reload.body.diagnostics).toContainEqual({
      code: 'RW094',
      severity: 'error',
      message: duplicateStrategyMessage('support', 'copy.strategy.yaml:2:11'),
      path: ['strategy'],
      file: 'support.strategy.yaml',
      range: expect.objectContaining({ start: expect.objectContaining({ line: 1, column: 11 }) }),
    })
  })

  it('reports an unchanged workspace as such', async () => {
    const t = await started.serve()
    expect((await t.request('POST', '/v1/reload')).body).toMatchObject({ applied: false, unchanged: true })
  })

  it('says which symbolic links it skipped, once per change of them, instead of leaving a strategy out silently', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'rw-linked-'))
    onTestFinished(() => rmSync(elsewhere, { recursive: true, force: true }))
    writeFileSync(path.join(elsewhere, 'extra.strategy.yaml'), supportStrategy('extra'))
    const t = await started.serve()
    const note = (links: string[]) =>
      t.logs.filter(
        (l) =>
          l.level === 'warn' &&
          'skippedLinks' in l &&
          JSON.stringify(l.skippedLinks) === JSON.stringify(links),
      )
    expect(note(['extra.strategy.yaml'])).toEqual([])
    symlinkSync(
      path.join(elsewhere, 'extra.strategy.yaml'),
      path.join(t.workspace.dir, 'extra.strategy.yaml'),
    )
    const reload = await t.request('POST', '/v1/reload')
    expect(reload.body).toMatchObject({ unchanged: true, skippedLinks: ['extra.strategy.yaml'] })
    expect(note(['extra.strategy.yaml'])).toEqual([
      expect.objectContaining({
        msg: expect.stringMatching(
          /^Symbolic links are not followed .* this one was skipped: extra\.strategy\.yaml\. Copy the files/,
        ),
      }),
    ])
    // said once, not on every reload
    await t.request('POST', '/v1/reload')
    expect(note(['extra.strategy.yaml'])).toHaveLength(1)
  })

  it('reloads on its own when a strategy file changes', async () => {
    const t = await started.serve({ watch: true, watchDebounceMs: 50 })
    const running = (await t.server.coordinator.versions())[0]!.version
    t.workspace.write('extra.strategy.yaml', supportStrategy('extra'))
    const versions = await eventually(async () => {
      const current = (await t.server.coordinator.versions()).find((v) => v.status === 'current')!
      return current.version !== running ? current : undefined
    })
    expect(versions.strategies).toEqual(['extra', 'support'])
  })

  it('goes on reloading after files are replaced by rename, as editors, sed -i and git save them', async () => {
    const t = await started.serve({ watch: true, watchDebounceMs: 50 })
    const current = async () => (await t.server.coordinator.versions()).find((v) => v.status === 'current')!
    const file = path.join(t.workspace.dir, 'support.strategy.yaml')
    for (const wait of ['2m', '3m', '4m']) {
      const running = (await current()).version
      await atomicReplace(file, Buffer.from(supportStrategy('support', wait)))
      await eventually(async () => ((await current()).version !== running ? true : undefined))
    }
    expect(t.logs.filter((l) => l.msg === 'strategy version deployed')).toHaveLength(4)
  })

  it('reloads when a folder of strategies is moved into the workspace, and watches that folder', async () => {
    const t = await started.serve({ watch: true, watchDebounceMs: 50 })
    const current = async () => (await t.server.coordinator.versions()).find((v) => v.status === 'current')!
    const outside = mkdtempSync(path.join(tmpdir(), 'rw-moved-'))
    // empty once its folder moved in; the workspace holds what the test wrote
    onTestFinished(() => rmSync(outside, { recursive: true, force: true }))
    const prepared = path.join(outside, 'sales')
    mkdirSync(prepared)
    writeFileSync(path.join(prepared, 'extra.strategy.yaml'), supportStrategy('extra'))
    renameSync(prepared, path.join(t.workspace.dir, 'sales'))
    await eventually(async () => ((await current()).strategies.includes('extra') ? true : undefined))
    const running = (await current()).version
    await atomicReplace(
      path.join(t.workspace.dir, 'sales', 'extra.strategy.yaml'),
      Buffer.from(supportStrategy('extra', '3m')),
    )
    await eventually(async () => ((await current()).version !== running ? true : undefined))
  })
})
