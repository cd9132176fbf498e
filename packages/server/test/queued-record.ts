// One queued interaction as serve keeps it, for the tests that need one: its record (the book's, what Redis's
// pending changes read) and its view (what the API answers). Strategy `support`, voice, version v1, at time 1.
import type { InteractionRecord } from '../src/core/interaction-book.ts'
import type { LocalCoordinator } from '../src/core/local-coordinator.ts'
import type { InteractionView } from '../src/core/types.ts'

/** The record of queued interaction `id`, as submitted with an ANI; `more` over it (an explanation, another state). */
export function queuedRecord(id: string, more: Partial<InteractionRecord> = {}): InteractionRecord {
  return {
    id,
    strategy: 'support',
    media: 'voice',
    version: 'v1',
    state: 'queued',
    submittedAt: 1,
    updatedAt: 1,
    submitted: { ani: '+15550100' },
    ...more,
  }
}

/** The view of queued interaction `id`, at its `pick` node; `more` over it. */
export function queuedView(id: string, more: Partial<InteractionView> = {}): InteractionView {
  const { submitted: _asSubmitted, ...record } = queuedRecord(id)
  return { ...record, path: ['pick'], trace: [], ...more }
}

/** A local coordinator holding `records` only (what Redis's pending changes read of a waiting one). */
export function localOf(records: Map<string, InteractionRecord>): LocalCoordinator {
  return {
    record: (id: string) => records.get(id),
    exportWaiting: () => undefined,
  } as unknown as LocalCoordinator
}
