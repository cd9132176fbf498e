// Kamailio's `branches` htable (the agent of each ring's tm branch, for the `answered` event's `by`) drops a ring's
// items as that ring ends: a call queued long and rung many times keeps one item while a phone rings and none while it
// waits. Before, each ring left its item for the call's whole life (one more a ring, read here over JSON-RPC).
import { describe, expect, it } from 'vitest'
import { startTelephonyStack, type TelephonyStack, waitFor } from '../src/index.ts'
import { kamailioLogFaults } from './kamailio-log.ts'
import { callerCall } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

const RINGS = 4

/** The call's `branches` items (`htable.dump`: the table's used slots, each with its items), by branch index. */
async function branchItems(s: TelephonyStack, key: string): Promise<Record<string, unknown>> {
  const slots = (await s.kamailioRpc.call('htable.dump', ['branches'])) as Array<{
    slot?: Array<{ name?: unknown; value?: unknown }>
  }>
  const items: Record<string, unknown> = {}
  for (const { name, value } of slots.flatMap((slot) => slot.slot ?? []))
    if (typeof name === 'string' && name.startsWith(`${key}|`)) items[name.slice(key.length + 1)] = value
  return items
}

/** The call's state in Kamailio's `calls` table, with its key. */
async function held(s: TelephonyStack) {
  const found = [...(await s.kamailioRpc.heldCalls())]
  return found.length === 1 ? { key: found[0]![0], state: found[0]![1].state } : undefined
}

describe("Kamailio's branches table of a call rung many times", () => {
  it('keeps the ringing branch only, and none once the call waits again', async () => {
    // ann's phone never answers: each ring ends in a ring-no-answer, and ann, made not ready by it, is set ready again.
    // Her sipp still pauses in the first ring's call and answers no later ring 180 (one 180 for 19 INVITEs, resent
    // ones counted): tm's fr_timer (frTimerMs, 5 s by default), not the RONA timer, ends those (408 all the same).
    // Both 2 s: the table is read within a few hundred ms of the ring seen
    const s = keep(
      await startTelephonyStack({ agents: [{ id: 'ann', ringMs: 600_000 }], ronaMs: 2000, frTimerMs: 2000 }),
    )
    await s.call([callerCall({ startMs: 0, patienceMs: 120_000 })])
    for (let ring = 1; ring <= RINGS; ring++) {
      const { key } = await waitFor(
        `ring ${ring}`,
        async () => {
          const call = await held(s)
          return call?.state === 'ringing' && call
        },
        15_000,
      )
      expect(Object.values(await branchItems(s, key))).toEqual(['ann'])
      await waitFor(`ring ${ring}'s no-answer`, () => s.bridge.figures().ronas === ring, 15_000)
      if (ring < RINGS) await s.router.call('PUT', '/v1/agents/ann/state', { state: 'ready' })
    }
    const { key } = await waitFor(
      'the call queued again',
      async () => {
        const call = await held(s)
        return call?.state === 'queued' && call
      },
      15_000,
    )
    expect(await branchItems(s, key)).toEqual({})
    expect(kamailioLogFaults(s)).toEqual([])
  })
})
