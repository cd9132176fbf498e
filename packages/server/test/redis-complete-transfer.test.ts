// A complete that says it was a transfer, with --redis: sent to a process that does not route (forwarded, singly or
// in a batch) or to the routing one, the routing process's history records the handling as ended by a transfer.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openStore } from '@routewright/history'
import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest } from './helpers.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
const started = stoppedAfterEachTest()
let folder: string
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-redis-transfer-'))
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('a transferred complete with --redis', () => {
  it('is recorded as a transfer by the routing process, whichever process the host called', async () => {
    const file = path.join(folder, 'history.db')
    const onRedis = () => ({
      coordinator: () => createRedisCoordinator({ url: shared.redis.url, prefix: 'transfer:' }),
    })
    const routing = await started.serve({ ...onRedis(), history: { store: `sqlite:${file}` } })
    const other = await started.serve({ ...onRedis(), workspace: routing.workspace.dir })
    expect(other.server.coordinator.primary?.()).toBe(false)
    const blind = { transferred: true, to: '8005550100' }
    const ends: Array<[string, () => Promise<{ status: number }>]> = [
      ['plain', () => other.request('POST', '/v1/interactions/plain/complete')],
      // a plain complete with the agent's wrap-up code, forwarded: kept on the handling and the interaction's view
      ['coded', () => other.request('POST', '/v1/interactions/coded/complete', { disposition: 'sale' })],
      ['forwarded', () => other.request('POST', '/v1/interactions/forwarded/complete', blind)],
      ['routed', () => routing.request('POST', '/v1/interactions/routed/complete', blind)],
      [
        'batched',
        async () => {
          const batch = await other.request('POST', '/v1/commands', {
            commands: [{ op: 'complete', id: 'batched', transferred: true }],
          })
          return batch.body.results[0]
        },
      ],
    ]
    expect((await other.request('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)
    for (const [id, end] of ends) {
      expect((await other.request('POST', '/v1/interactions', { id, strategy: 'support' })).status).toBe(201)
      expect((await other.request('POST', `/v1/interactions/${id}/confirm`)).status).toBe(200)
      expect((await end()).status).toBe(200)
    }
    const written = async () =>
      ((await routing.request('GET', '/healthz')).body.history as { written: number }).written
    // five interactions, five handlings, one agent state
    await eventually(async () => ((await written()) === 11 ? true : undefined))
    // the view as either process answers it
    expect((await other.request('GET', '/v1/interactions/coded')).body.disposition).toBe('sale')
    expect((await routing.request('GET', '/v1/interactions/coded')).body.disposition).toBe('sale')
    await routing.stop()
    const store = await openStore(`sqlite:${file}`)
    try {
      const handlings = await store.handling({ from: 0, to: Number.MAX_SAFE_INTEGER })
      // where to, as the host said it to either process
      expect(
        handlings.map((h) => [h.interaction, h.agent, h.endedBy, h.transferredTo, h.disposition]),
      ).toEqual([
        ['plain', 'ann', 'completed', undefined, undefined],
        ['coded', 'ann', 'completed', undefined, 'sale'],
        ['forwarded', 'ann', 'transferred', '8005550100', undefined],
        ['routed', 'ann', 'transferred', '8005550100', undefined],
        ['batched', 'ann', 'transferred', undefined, undefined],
      ])
    } finally {
      await store.close()
    }
  })
})
