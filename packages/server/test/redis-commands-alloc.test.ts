// Every host command on an interaction (a confirm, a complete) runs through the routing process's command runner
// (issue #8: confirm + complete cost more young generation than the submit they follow). An async function's frame
// holds a slot for every register of its body and is made at each call, whether it waits or not: the runner's
// dispatch over every op must not be one.
import { expect, it } from 'vitest'
import type { LocalCoordinator } from '../src/core/local-coordinator.ts'
import { createCommandRunner } from '../src/core/redis-commands.ts'
import type { Leader } from '../src/core/redis-leader.ts'
import type { RedisLink } from '../src/core/redis-link.ts'
import { createRoutingState } from '../src/core/redis-routing-state.ts'
import { redisKeys } from '../src/core/redis-scripts.ts'
import { sampledBytes } from './sampled-bytes.ts'

const OK = { ok: true as const, value: undefined }
const settled = Promise.resolve()

/** A leader whose commands answer at once, every interaction in `state` and its changes already in Redis. */
function fakeLeader(state = 'connected'): Leader {
  const record = { id: 'i1', state }
  const local = {
    record: () => record,
    confirmReservation: () => Promise.resolve(OK),
    trace: () => Promise.resolve([]),
  } as unknown as LocalCoordinator
  return { local, flushed: () => settled, completed() {} } as unknown as Leader
}

const link = { url: 'redis://test', ready: () => true } as unknown as RedisLink

/** Bytes per confirm (least of 5 samples after warm rounds: the optimising compiler may come late on a busy host). */
async function bytesPerConfirm(execute: (op: 'confirmReservation', args: unknown[]) => Promise<unknown>) {
  const rounds = 500
  const args = ['i1', undefined, undefined]
  const run = async () => {
    for (let i = 0; i < rounds; i++) await execute('confirmReservation', args)
  }
  for (let i = 0; i < 4; i++) await run()
  let least = Number.POSITIVE_INFINITY
  for (let sample = 0; sample < 5; sample++) least = Math.min(least, (await sampledBytes(run)) / rounds)
  return least
}

it('runs a command on an interaction without a frame of the whole op table', async () => {
  const state = createRoutingState()
  state.leader = fakeLeader()
  const runner = createCommandRunner({ link, keys: redisKeys('t'), state, known: new Map() })
  const bytes = await bytesPerConfirm(runner.execute)
  // ~985 bytes with the frame of an async execute (every op's registers); ~880 with the op's wait in a small one
  expect(bytes).toBeLessThan(935)
})

it('still refuses a command on an ended interaction, and answers a rejection when nobody routes', async () => {
  const state = createRoutingState()
  const runner = createCommandRunner({ link, keys: redisKeys('t'), state, known: new Map() })
  await expect(runner.execute('confirmReservation', ['i1'])).rejects.toThrow(/No routing process/)
  state.leader = fakeLeader('completed')
  expect(await runner.execute('confirmReservation', ['i1'])).toMatchObject({ ok: false, status: 409 })
})
