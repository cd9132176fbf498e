// A live window takes a record per finished interaction, for each T and S kept and each of queue and group: what
// adding one allocates is young-generation garbage on serve's routing thread (issue #8's scavenge pauses).
import * as history from '@routewright/history'
import { expect, it } from 'vitest'
import { BucketSums, type WindowRecord } from '../src/monitor/bucket-sums.ts'
import { sampledBytes } from './sampled-bytes.ts'

/**
 * Bytes allocated (V8's sampling heap profiler) per record added, records in few buckets (none made per record): the
 * least of 5 samples, since until the optimising compiler (a background thread, late on a loaded host) has the code,
 * its numbers are boxed on the heap (~550 bytes a record in a CI run where the optimised code gave ~140).
 */
async function bytesPerRecord(sums: BucketSums, records: WindowRecord[]): Promise<number> {
  // the first adds make the buckets and warm the code
  for (let i = 0; i < 10; i++) for (const record of records) sums.add(record)
  const rounds = 20
  let least = Number.POSITIVE_INFINITY
  for (let sample = 0; sample < 5; sample++) {
    const bytes = await sampledBytes(() => {
      for (let i = 0; i < rounds; i++) for (const record of records) sums.add(record)
    })
    least = Math.min(least, bytes / (rounds * records.length))
  }
  return least
}

it('adds a record without a sums object, delta or list of its own', async () => {
  const records: WindowRecord[] = Array.from({ length: 500 }, (_, i) => ({
    arrivedAt: 1_000 + (i % 100),
    outcome: i % 3 === 0 ? ('abandoned' as const) : ('routed' as const),
    waitMs: 1_000 + i,
    queue: `q${i % 4}`,
    group: `g${i % 2}`,
    ...(i % 2 === 0 ? { overflowQueue: 'q9' } : {}),
  }))
  // a sums object (26 fields), a grown delta array and the list of keys with their deltas: 1,108 bytes a record
  // before (about 140 now: the kit's one-key lists)
  expect(
    await bytesPerRecord(new BucketSums(history, 'queue', 20, 5, [5_000, 900_000]), records),
  ).toBeLessThan(400)
})
