// An interaction another router started, continued here (serve's takeover): its record reads as the first router's
// would (agent, queue, wait, answer), one answered before gets only its handling here, and a writer thread's packed
// copy of what `resumed` tells unpacks to the same events the in-thread encoder gives.
import type { Explanation, TraceEntry } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import type { HistoryItem } from './record.ts'
import { createEventPacker } from './record-codec.ts'
import { createRecordEncoder, type RecordEvent, type ResumedInteraction } from './record-events.ts'
import { createPackingInput } from './record-packing.ts'
import { createEventUnpacker } from './record-unpacking.ts'
import { createRecordsBuilder } from './records-builder.ts'

const T = 1_800_000_000_000
const explanation = {
  node: 'pick',
  rule: 'longest-idle',
  reason: 'ann was idle longest',
  winner: 'ann',
  candidates: [],
} as unknown as Explanation
const trace: TraceEntry[] = [
  { at: T, strategy: 'support', node: 'pick', kind: 'enter' },
  {
    at: T,
    strategy: 'support',
    node: 'pick',
    kind: 'wait',
    name: 'queued',
    value: { priority: 2, targets: ['group:support'] },
  },
  {
    at: T + 4000,
    strategy: 'support',
    node: 'pick',
    kind: 'selection',
    name: 'agent-ready',
    value: explanation,
  },
]
const offered: ResumedInteraction = {
  id: 'q1',
  strategy: 'support',
  media: 'voice',
  priority: 2,
  arrivedAt: T,
  trace,
  offered: { at: T + 4000, node: 'pick', target: 'group:support', agent: 'ann', explanation },
}

function builder() {
  const items: HistoryItem[] = []
  return { items, input: createRecordsBuilder({ emit: (item) => items.push(item), router: 'b' }) }
}

describe('an interaction resumed from another router', () => {
  it('is recorded with the wait and offer the other router saw when it finishes here', () => {
    const { items, input } = builder()
    input.resumed(offered)
    input.onEvent({ type: 'finished', interaction: 'q1', at: T + 6000, outcome: 'routed' }, () => trace)
    input.completed('q1', T + 60_000)
    expect(items.map((i) => i.kind)).toEqual(['interaction', 'handling'])
    expect(items[0]!.record).toMatchObject({
      id: 'q1',
      agent: 'ann',
      target: 'group:support',
      queue: 'group:support',
      group: 'group:support',
      arrivedAt: T,
      answeredAt: T + 6000,
      waitMs: 6000,
      priority: 2,
    })
    expect(items[1]!.record).toMatchObject({ interaction: 'q1', agent: 'ann', startedAt: T + 6000 })
  })

  it('answered before the hand-over, gets only its handling here (its record is the other router’s)', () => {
    const { items, input } = builder()
    const finish: TraceEntry = { at: T + 6000, strategy: 'support', node: 'pick', kind: 'finish' }
    input.resumed({ ...offered, trace: [...trace, finish], answeredAt: T + 6000 })
    input.completed('q1', T + 60_000, 'resolved')
    expect(items).toEqual([
      {
        kind: 'handling',
        record: expect.objectContaining({
          interaction: 'q1',
          agent: 'ann',
          startedAt: T + 6000,
          endedAt: T + 60_000,
          queue: 'group:support',
          disposition: 'resolved',
        }),
      },
    ])
  })

  it('keeps a wait that timed out before the hand-over as a timeout, the next wait as where it ended', () => {
    const { items, input } = builder()
    const waits: TraceEntry[] = [
      {
        at: T,
        strategy: 'support',
        node: 'first',
        kind: 'wait',
        name: 'queued',
        value: { priority: 0, targets: ['group:a'] },
      },
      { at: T + 20_000, strategy: 'support', node: 'first', kind: 'wait', name: 'timeout' },
      {
        at: T + 20_000,
        strategy: 'support',
        node: 'pick',
        kind: 'wait',
        name: 'queued',
        value: { priority: 0, targets: ['group:support'] },
      },
    ]
    const { offered: _offer, ...waiting } = offered
    input.resumed({ ...waiting, trace: waits })
    input.onEvent({ type: 'finished', interaction: 'q1', at: T + 30_000, outcome: 'abandoned' }, () => waits)
    const record = items[0]!.record as { segments: Array<{ node: string; result: string }>; queue: string }
    expect(record.segments.map((s) => [s.node, s.result])).toEqual([
      ['first', 'timeout'],
      ['pick', 'abandoned'],
    ])
    expect(record.queue).toBe('group:support')
  })

  it('is packed for a writer thread as the encoder tells it', () => {
    const encoded: RecordEvent[] = []
    createRecordEncoder((event) => encoded.push(event)).resumed({ ...offered, answeredAt: T + 6000 })
    const packer = createEventPacker()
    createPackingInput(packer, () => {}).resumed({ ...offered, answeredAt: T + 6000 })
    expect(createEventUnpacker()(packer.take())).toEqual(encoded)
    expect(encoded.map((e) => e[0])).toEqual(['resumed', 'submitted', 'queued', 'routed', 'answered'])
  })
})
