// A stop waits for what graceful needs (answers in flight, records written) and nothing else: serve without a store
// ended its monitor thread through a close that waited for the thread's boot and a flush nobody reads (0.3-2.1 s of
// SIGTERM's exit, seconds under load; server docs/performance-log.md, "sigterm").
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { heldEcho } from './held-echo.ts'
import { stoppedAfterEachTest } from './helpers.ts'
import { type OpenConnections, openStreamAndIdle } from './open-connections.ts'

const started = stoppedAfterEachTest()
let folder: string | undefined
let open: OpenConnections | undefined
afterEach(() => {
  open?.release()
  open = undefined
  if (folder) rmSync(folder, { recursive: true, force: true })
  folder = undefined
})

it('stops with an event stream and an idle keep-alive connection open, its monitor thread not yet up', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-stop-prompt-'))
  const echo = heldEcho(folder)
  // long and unrelated to the stop: a stop that waits for the thread's boot ends only after this let it boot
  const letBoot = setTimeout(() => echo.open(), 15_000)
  try {
    const t = await started.serve({ historyKit: echo.kit })
    open = await openStreamAndIdle(t.server.url)
    await t.server.close()
    expect(echo.opened()).toBe(false)
    await open.ended
    const stopped = t.logs.find((line) => line.msg === 'routewright serve stopped')
    // each step's duration is on the stop line, in the order they ran
    expect(Object.keys((stopped?.stepsMs ?? {}) as object)).toEqual([
      'requests',
      'openCount',
      'handOver',
      'history',
      'webhooks',
      'coordinator',
    ])
  } finally {
    clearTimeout(letBoot)
    // a thread still held ends once it may boot
    echo.open()
  }
})
