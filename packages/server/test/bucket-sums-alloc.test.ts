// A live window takes a record per finished interaction, for each T and S kept and each of queue and group: what
// adding one allocates is young-generation garbage on serve's routing thread (issue #8's scavenge pauses).
import * as history from '@routewright/history'
import { expect, it } from 'vitest'
import { BucketSums, type WindowRecord } from '../src/monitor/bucket-sums.ts'
import { sampledBytes } from './sampled-bytes.ts'

/** Bytes allocated (V8's sampling heap profiler) per record added, records in few buckets (none made per record). */
async function bytesPerRecord(sums: BucketSums, records: WindowRecord[]): Promise<number> {
  // the first adds make the buckets and warm the code
  for (const record of records) sums.add(record)
  const rounds = 20
  const bytes = await sampledBytes(() => {
    for (let i = 0; i < rounds; i++) for (const record of records) sums.add(record)
  })
  return bytes / (rounds * records.length)
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
