// The `submitted` hash in Redis holds one field per stored interaction: a commit deletes the field with its entry
// even when this process has no record of it (a resume that failed, evicted during an outage), a takeover drops
// fields of no entry, and what Redis already has is not written again.
import { describe, expect, it } from 'vitest'
import { createPendingChanges } from '../src/core/redis-pending.ts'
import { localOf, queuedRecord as record } from './queued-record.ts'

const LIMITS = { maxEvents: 100, closedTtlMs: 60_000, maxClosed: 100 }

describe('pending changes: submitted fields', () => {
  it('deletes the field with the entry of an interaction this process has no record of', () => {
    const pending = createPendingChanges(localOf(new Map()), LIMITS, () => 1)
    pending.store({ record: record('gone'), input: { id: 'x', strategy: 'support' } }, true)
    const batch = pending.take([])
    expect(batch?.ops.del).toEqual(['gone'])
    expect(batch?.ops.delSubmitted).toBe(true)
  })

  it('writes again no field a takeover found in Redis, and writes one it did not find', () => {
    const records = new Map([
      ['kept', record('kept')],
      ['older', record('older')],
    ])
    const pending = createPendingChanges(localOf(records), LIMITS, () => 1)
    pending.store({ record: record('kept'), input: { id: 'x', strategy: 'support' } }, true)
    pending.store({ record: record('older'), input: { id: 'x', strategy: 'support' } })
    expect(pending.take([])?.ops.submitted?.map(([id]) => id)).toEqual(['older'])
  })

  it('drops fields a takeover found orphaned, again after a failed commit', () => {
    const pending = createPendingChanges(localOf(new Map()), LIMITS, () => 1)
    pending.dropSubmitted(['orphan'])
    expect(pending.idle()).toBe(false)
    const batch = pending.take([])
    expect(batch?.ops.dropSubmitted).toEqual(['orphan'])
    expect(pending.idle()).toBe(true)
    expect(pending.take([batch!])?.ops.dropSubmitted).toEqual(['orphan'])
  })
})
