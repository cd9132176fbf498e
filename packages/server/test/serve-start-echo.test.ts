// Serve without a store listens without waiting for its monitor's writer thread to boot (~0.4 s of a start, more on
// a loaded host): what it records before the thread is up waits in the thread's queue, and the monitor counts it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { heldEcho } from './held-echo.ts'
import { stoppedAfterEachTest } from './helpers.ts'

const started = stoppedAfterEachTest()
let folder: string | undefined
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true })
  folder = undefined
})

it('listens before the monitor thread is up, and counts in the monitor what came before it', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-echo-gate-'))
  // the real writer thread behind a gate: it boots only once the gate opens
  const echo = heldEcho(folder)
  const kit = echo.kit
  try {
    // a start waiting for the thread's boot would still wait here: the gate opens only after this
    const t = await Promise.race([
      started.serve({ historyKit: kit }),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000)),
    ])
    expect(t).toBeDefined()
    expect((await t!.request('POST', '/v1/interactions', { id: 'early', strategy: 'support' })).status).toBe(
      201,
    )
    expect((await t!.request('POST', '/v1/interactions/early/abandon')).status).toBe(200)
    echo.open()
    const monitor = await t!.ok('GET', '/v1/monitor')
    expect(monitor.queues).toMatchObject([{ id: 'group:support', offered: 1, abandoned: 1, waiting: 0 }])
  } finally {
    // a thread still held (a start that waited for it) ends once it may boot
    echo.open()
  }
})
