// SIGTERM's exit waits on no timer: the Redis coordinator's stop bounded its wait for the event follower with a
// 1.5 s sleep it left running, so the process lived on to its end after the stop line (1.5-2.9 s from SIGTERM to
// exit, server docs/performance-log.md, "sigterm"). A preload notes each setTimeout that runs out after SIGTERM.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { startRedisServer } from '@routewright/node-support/testing'
import { afterEach, expect, it } from 'vitest'
import { makeWorkspace } from './helpers.ts'
import { type OpenConnections, openStreamAndIdle } from './open-connections.ts'
import { startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()
let folder: string | undefined
let open: OpenConnections | undefined
afterEach(() => {
  open?.release()
  open = undefined
  if (folder) rmSync(folder, { recursive: true, force: true })
  folder = undefined
})

// the periods of the timers whose callbacks ran after SIGTERM, written at exit (the main thread's only)
const FIRED_TIMERS = `import { writeFileSync } from 'node:fs'
import { isMainThread } from 'node:worker_threads'
if (isMainThread) {
  const fired = []
  let terminated = false
  const original = globalThis.setTimeout
  globalThis.setTimeout = function (callback, ms, ...args) {
    const noted = (...a) => {
      if (terminated) fired.push(Number(ms) || 0)
      return callback(...a)
    }
    return original.call(this, noted, ms, ...args)
  }
  process.prependListener('SIGTERM', () => {
    terminated = true
  })
  process.on('exit', () => writeFileSync(process.env.FIRED_TIMERS_FILE, JSON.stringify(fired)))
}
`

it('exits on SIGTERM with no timer of 100 ms or more run out after it, a stream and a keep-alive open', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-redis-stop-prompt-'))
  const preload = path.join(folder, 'fired-timers.mjs')
  const firedFile = path.join(folder, 'fired.json')
  writeFileSync(preload, FIRED_TIMERS)
  started.redis = await startRedisServer()
  started.workspace = makeWorkspace()
  const p = await startServeProcess(
    started.workspace.dir,
    ['--redis', started.redis.url],
    ['--import', pathToFileURL(preload).href],
    { FIRED_TIMERS_FILE: firedFile },
  )
  started.processes.push(p)
  open = await openStreamAndIdle(p.url)
  await p.kill('SIGTERM')
  expect(p.child.exitCode).toBe(0)
  await open.ended
  // the old stop's 1.5 s bound ran out here, after its stop line (the lease tick and Redis's deadlines are intervals)
  const fired = JSON.parse(readFileSync(firedFile, 'utf8')) as number[]
  // below the stop path's 200 and 500 ms pauses: a regression to any of them shows here, not only the 1.5 s bound
  expect(fired.filter((ms) => ms >= 100)).toEqual([])
  const lines = readFileSync(p.log, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; stepsMs?: Record<string, number> })
  expect(lines.at(-1)).toMatchObject({
    msg: 'routewright serve stopped',
    stepsMs: { coordinator: expect.any(Number) },
  })
})
