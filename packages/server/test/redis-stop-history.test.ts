// A confirm and a complete that reach the cluster while the routing process stops (SIGTERM's close) are recorded
// (ops review 4): the stop hands routing over before its history closes, so nothing this process routes after the
// close is lost ("history record failed: This process is shutting down"); the next routing process records them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as history from '@routewright/history'
import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HistoryKit } from '../src/history/history-kit.ts'
import { stoppedAfterEachTest } from './helpers.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
const started = stoppedAfterEachTest()
let folder: string
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-redis-stop-history-'))
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** The history kit, telling `closed` when a recorder it made has closed (the stop's history step is done). */
function kitTelling(closed: () => void): HistoryKit {
  return {
    ...history,
    async createHistoryRecorder(options) {
      const recorder = await history.createHistoryRecorder(options)
      const close = recorder.close.bind(recorder)
      recorder.close = async () => {
        await close()
        closed()
      }
      return recorder
    },
  }
}

describe('a stop of the routing process under traffic', { timeout: 60_000 }, () => {
  it('records a confirm and a complete that came after its history closed', async () => {
    const file = path.join(folder, 'history.db')
    const onRedis = () => ({
      coordinator: () =>
        createRedisCoordinator({ url: shared.redis.url, prefix: 'stop-history:', takeoverMs: 1000 }),
      history: { store: `sqlite:${file}` },
    })
    let historyClosed = false
    // a receiver that never answers: the stop waits in its webhooks step (the grace) after its history step
    const receiver = await started.receive(() => {})
    const routing = await started.serve({
      ...onRedis(),
      historyKit: kitTelling(() => {
        historyClosed = true
      }),
      webhooks: { url: `${receiver.url}/events`, secret: 'hook' },
      shutdownGraceMs: 4000,
    })
    await eventually(() => routing.server.coordinator.primary?.() === true, 10_000)
    const other = await started.serve({ ...onRedis(), workspace: routing.workspace.dir })
    expect(other.server.coordinator.primary?.()).toBe(false)
    expect((await other.request('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)
    const offered = await other.request('POST', '/v1/interactions', { id: 'late', strategy: 'support' })
    expect(offered.body).toMatchObject({ state: 'reserved', agent: 'ann' })
    const stopping = routing.server.close()
    await eventually(() => historyClosed, 10_000)
    // the host answers now, through the other process (retried while routing changes hands)
    const retried = (url: string, body?: unknown) =>
      eventually(async () => {
        const answer = await other.request('POST', url, body)
        return answer.status === 503 ? undefined : answer
      }, 10_000)
    const confirmed = await retried('/v1/interactions/late/confirm', {
      reservation: offered.body.reservation,
    })
    expect(confirmed.status).toBe(200)
    expect((await retried('/v1/interactions/late/complete')).status).toBe(200)
    await stopping
    await other.stop()
    const store = await history.openStore(`sqlite:${file}`)
    try {
      const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
      expect((await store.interactions(all)).map((r) => [r.id, r.outcome, r.agent])).toEqual([
        ['late', 'routed', 'ann'],
      ])
      expect((await store.handling(all)).map((h) => [h.interaction, h.agent])).toEqual([['late', 'ann']])
    } finally {
      await store.close()
    }
  })
})
