// serve's Redis path makes one batch per commit from what changed (issue #8's scavenge pauses): what take allocates
// beyond the texts and tuples it hands the commit is young-generation garbage on the routing thread.
import { expect, it } from 'vitest'
import type { InteractionRecord } from '../src/core/interaction-book.ts'
import { createPendingChanges, type PendingChanges } from '../src/core/redis-pending.ts'
import { localOf, queuedRecord } from './queued-record.ts'
import { sampledBytes } from './sampled-bytes.ts'

const LIMITS = { maxEvents: 100, closedTtlMs: 60_000, maxClosed: 100 }

/** Routed: what it was routed by, its last key (written from the explanation's text, as serve's are). */
const record = (id: string): InteractionRecord =>
  queuedRecord(id, {
    explanation: { node: 'route', rule: 'skill', candidates: [], winner: 'ann', reason: 'most idle' },
  })

/** One take of `ids` changed, as a commit at a steady rate makes it. */
function takeOnce(pending: PendingChanges, ids: readonly string[]): void {
  for (const id of ids) pending.changed(id)
  if (pending.take([]) === undefined) throw new Error('take answered nothing')
}

/**
 * Bytes allocated (V8's sampling heap profiler) per take of `ids`: the least of 5 samples after warm rounds, since
 * until the optimising compiler (late on a loaded host) has the code, its numbers are boxed on the heap.
 */
async function bytesPerTake(pending: PendingChanges, ids: readonly string[]): Promise<number> {
  for (let i = 0; i < 200; i++) takeOnce(pending, ids)
  const rounds = 200
  let least = Number.POSITIVE_INFINITY
  for (let sample = 0; sample < 5; sample++) {
    const bytes = await sampledBytes(() => {
      for (let i = 0; i < rounds; i++) takeOnce(pending, ids)
    })
    least = Math.min(least, bytes / rounds)
  }
  return least
}

it('takes a batch without new sets, spread objects or copies of the stored entry', async () => {
  const ids = ['i1', 'i2', 'i3', 'i4']
  const records = new Map(ids.map((id) => [id, record(id)]))
  const pending = createPendingChanges(localOf(records), LIMITS, () => 1)
  for (const id of ids) pending.store({ record: record(id), input: { id, strategy: 'support' } }, true)
  pending.take([])
  const bytes = await bytesPerTake(pending, ids)
  // three sets a take, the ops and batch spread from small objects, a copy of each entry without its record and of
  // each record without its submitted fields and again without its explanation: ~10,200 bytes before (~8,000 now)
  expect(bytes).toBeLessThan(9_000)
})
