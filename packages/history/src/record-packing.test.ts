// Direct packing (the routing thread's side of a writer-thread recorder) unpacks to exactly the RecordEvents the
// encoder gives the in-thread builder, for a real router's events, in batches of any size.
import {
  createRouter,
  createSimulatedClock,
  type Router,
  simulate,
  type TraceAccess,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { SALES_START, salesDirectory, salesGroupsOf, salesStrategy, taggedPool } from '../test/routers.ts'
import { createEventPacker } from './record-codec.ts'
import { createRecordEncoder, type RecordEvent, type RecordInput } from './record-events.ts'
import { createPackingInput, packingRecordWriter } from './record-packing.ts'
import { createEventUnpacker } from './record-unpacking.ts'

const START = SALES_START
const directory = salesDirectory
const strategy = salesStrategy({ Note: '"line\\nbreak \\"quoted\\""' })
const groupsOf = salesGroupsOf

/** A router whose events and host calls go to both inputs, as createRecordsBuilder and recordHostCalls wire them. */
function drive(inputs: RecordInput[], script: (router: Router, advance: (ms: number) => void) => void): void {
  const clock = createSimulatedClock(START)
  const access: TraceAccess = (id) => router.trace(id)
  const router: Router = createRouter({
    strategies: [strategy],
    directory,
    clock,
    onEvent: (event) => {
      for (const input of inputs) input.onEvent(event, access)
    },
  })
  const host: Router = {
    ...router,
    submit(interaction) {
      for (const input of inputs) input.submitted(interaction, clock.now())
      router.submit(interaction)
    },
    agentEvent(event) {
      for (const input of inputs) input.agentEvent(event, clock.now())
      router.agentEvent(event)
    },
    complete(interaction) {
      for (const input of inputs) input.completed(interaction, clock.now())
      router.complete(interaction)
    },
  }
  script(host, (ms) => clock.advance(ms))
}

/**
 * Encoder events and direct-packed events (unpacked), packed in batches of `batch` events; with `recycle`, each
 * batch's numbers are handed back once read (as the writer thread does) and `buffers` counts the distinct ones.
 */
function both(batch: number, script: Parameters<typeof drive>[1], recycle = false) {
  const encoded: RecordEvent[] = []
  const packer = createEventPacker()
  const unpack = createEventUnpacker()
  const unpacked: RecordEvent[] = []
  const buffers = new Set<Float64Array>()
  let batches = 0
  const take = () => {
    const taken = packer.take()
    buffers.add(taken.numbers)
    batches++
    unpacked.push(...unpack(taken))
    if (recycle) packer.recycle(taken.numbers)
  }
  const direct = createPackingInput(
    packer,
    () => {
      if (packer.count >= batch) take()
    },
    groupsOf,
  )
  drive([createRecordEncoder((event) => encoded.push(event), groupsOf), direct], script)
  take()
  return { encoded, unpacked, buffers: buffers.size, batches }
}

function day(router: Router, advance: (ms: number) => void) {
  router.agentEvent({ agent: 'a2', state: 'not-ready', reason: 'lunch' })
  router.agentEvent({ agent: 'a1', state: 'ready', media: 'voice' })
  router.submit({ id: 'c1', strategy: 'sales', media: 'voice', priority: 3 })
  router.confirmReservation('c1')
  router.submit({ id: 'c2', strategy: 'sales' })
  router.submit({ id: 'c3', strategy: 'sales' })
  advance(8000)
  router.abandon('c3', { reason: 'queue-timeout', note: '408' })
  advance(17_000)
  router.agentEvent({ agent: 'o1', state: 'ready' })
  // withdrawn (o1 stays ready and is offered c2 again), then declined
  router.rejectReservation('c2', { reason: 'withdrawn', note: 'never rung' })
  router.rejectReservation('c2')
  router.agentEvent({ agent: 'a2', state: 'ready' })
  // heard 3 s after the offer, answered after 1 s: the finished event carries the answer time
  advance(3000)
  router.confirmReservation('c2', { at: START + 26_000 })
  router.submit({ id: 'c4', strategy: 'sales' })
  advance(61_000)
  router.complete('c1')
}

describe('direct packing', () => {
  it('dates an agent state ahead of the host call at the call, as the RecordEvent encoder does', () => {
    const years = 7 * 365 * 86_400_000
    const { encoded, unpacked } = both(1, (router, advance) => {
      advance(1000)
      router.agentEvent({ agent: 'a1', state: 'ready', at: START + years })
      router.agentEvent({ agent: 'a2', state: 'ready', at: START + 500 })
    })
    expect(unpacked).toEqual(encoded)
    expect(unpacked.filter((e) => e[0] === 'agent').map((e) => e[4])).toEqual([START + 1000, START + 500])
  })

  it("carries an interaction that arrived connected: its routed event's rule `direct` reaches the writer thread", () => {
    const { encoded, unpacked } = both(1, (router, advance) => {
      router.submit({ id: 'd1', strategy: 'sales', connectedTo: { agent: 'a1', note: 'dialled a1' } })
      advance(5000)
      router.complete('d1')
    })
    expect(unpacked).toEqual(encoded)
    expect(unpacked.flatMap((e) => (e[0] === 'routed' ? [[e[5], e[7].rule]] : []))).toEqual([
      ['a1', 'direct'],
    ])
  })

  it("carries a host's priority change in line as the encoder does: the same wait at the new priority", () => {
    const { encoded, unpacked } = both(1, (router, advance) => {
      router.submit({ id: 'p1', strategy: 'sales' })
      advance(2000)
      router.setPriority('p1', 12)
      advance(2000)
      router.abandon('p1')
    })
    expect(unpacked).toEqual(encoded)
    expect(unpacked.filter((e) => e[0] === 'queued')).toEqual([
      ['queued', 'p1', START, 'pick', 0, ['group:sales']],
      ['queued', 'p1', START + 2000, 'pick', 12, []],
    ])
  })

  it.each([1, 3, 1000])('unpacks to exactly the encoder’s events, in batches of %i', (batch) => {
    const { encoded, unpacked } = both(batch, day)
    expect(encoded.map((e) => e[0])).toEqual(
      expect.arrayContaining([
        'submitted',
        'queued',
        'routed',
        'rejected',
        'timeout',
        'data',
        'finished',
        'agent',
        'completed',
      ]),
    )
    expect(unpacked).toEqual(encoded)
    // the not-ready reason travels; a state without one has none
    expect(unpacked.flatMap((e) => (e[0] === 'agent' ? [[e[1], e[6]]] : [])).slice(0, 2)).toEqual([
      ['a2', 'lunch'],
      ['a1', null],
    ])
    // the router's not-ready after the declined offer is a state row, with its reason, set by the router
    expect(unpacked).toContainEqual([
      'agent',
      'o1',
      '',
      'not-ready',
      START + 25_000,
      ['overflow'],
      'declined',
      'router',
      null,
    ])
    // every other state row is the host's call
    expect(new Set(unpacked.flatMap((e) => (e[0] === 'agent' && e[6] !== 'declined' ? [e[7]] : [])))).toEqual(
      new Set(['host']),
    )
    expect(unpacked.filter((e) => e[0] === 'agent' && e[3] === 'not-ready' && e[1] === 'o1')).toHaveLength(1)
    // the withdrawal's flag travels: one rejected event withdrawn (1), one declined (0)
    expect(unpacked.flatMap((e) => (e[0] === 'rejected' ? [[e[3], e[4], e[5]]] : []))).toEqual([
      ['o1', 'withdrawn by the host: never rung', 1],
      ['o1', 'rejected by the host', 0],
    ])
    // the late answer's time travels; a confirm heard at once has none
    expect(unpacked.flatMap((e) => (e[0] === 'finished' && e[3] === 'routed' ? [[e[1], e[6]]] : []))).toEqual(
      [
        ['c1', null],
        ['c2', START + 26_000],
      ],
    )
  })

  it('unpacks the router’s run records (RouterOptions.record) to the finished events the encoder gives', () => {
    const clock = createSimulatedClock(START)
    const encoded: RecordEvent[] = []
    const encoder = createRecordEncoder((event) => encoded.push(event), groupsOf)
    const packer = createEventPacker()
    const router: Router = createRouter({
      strategies: [strategy],
      directory,
      clock,
      record: packingRecordWriter(packer, () => {}),
      onEvent: (event) => encoder.onEvent(event, (id) => router.trace(id)),
    })
    router.submit({ id: 'c1', strategy: 'sales' })
    router.submit({ id: 'c2', strategy: 'sales' })
    router.submit({ id: 'c3', strategy: 'sales' })
    router.submit({ id: 'c4', strategy: 'sales' })
    clock.advance(5000)
    // queued (a last selection follows) with a reason and a note; an older host's abandon with none
    router.abandon('c3', { reason: 'caller-hangup', note: 'CANCEL' })
    router.abandon('c4')
    router.agentEvent({ agent: 'a1', state: 'ready' })
    router.agentEvent({ agent: 'a2', state: 'ready' })
    clock.advance(4000)
    router.confirmReservation('c1', { at: START + 7000 })
    router.confirmReservation('c2')
    const finished = (events: RecordEvent[]) => events.filter((e) => e[0] === 'finished')
    const recorded = finished(createEventUnpacker()(packer.take()))
    expect(recorded.map((e) => [e[1], e[2], e[6], e[7], e[8]])).toEqual([
      ['c3', START + 5000, null, 'caller-hangup', 'CANCEL'],
      ['c4', START + 5000, null, null, null],
      ['c1', START + 9000, START + 7000, null, null],
      ['c2', START + 9000, null, null, null],
    ])
    expect(recorded).toEqual(finished(encoded))
  })

  it("carries a host's abandon reason and note to the writer thread", () => {
    const { encoded, unpacked } = both(4, day)
    const c3 = unpacked.find((e) => e[0] === 'finished' && e[1] === 'c3')
    expect(c3?.slice(3, 4).concat(c3.slice(7))).toEqual(['abandoned', 'queue-timeout', '408'])
    expect(unpacked).toEqual(encoded)
  })

  it('packs into the buffers handed back, whatever a longer batch left in them, to the same events', () => {
    // batches of 1 and 3 alternate in length, so a buffer often holds numbers of a longer batch past this one's end
    for (const batch of [1, 3]) {
      const fresh = both(batch, day)
      const recycled = both(batch, day, true)
      expect(recycled.unpacked).toEqual(fresh.unpacked)
      expect(recycled.unpacked).toEqual(recycled.encoded)
      expect(fresh.buffers).toBe(fresh.batches)
      expect(recycled.batches).toBeGreaterThan(5)
      // the one handed out and the one filling meanwhile take turns
      expect(recycled.buffers).toBe(2)
    }
  })

  it('gives the next batch, when no buffer came back, a buffer as long as the last batch needed', () => {
    const packer = createEventPacker()
    const unpack = createEventUnpacker()
    const fill = (events: number) => {
      for (let i = 0; i < events; i++) packer.pack(['timeout', `c${i}`, i])
      return packer.take()
    }
    // 3 numbers an event (its kind, id and time)
    const first = fill(100)
    expect(first.numbers.length).toBe(32_768)
    const small = fill(100)
    // a short batch's successor is short too (4,096 numbers, 32 KB), not the 256 KB the first one filled
    expect(small.numbers.length).toBe(4_096)
    const grown = fill(4_000)
    // 12,000 numbers grew the 4,096 to 16,384; the next one is as long (12,000 and a sixteenth fit)
    expect(grown.numbers.length).toBe(16_384)
    expect(fill(1).numbers.length).toBe(16_384)
    expect(unpack(grown)).toHaveLength(4_000)
  })

  it('keeps the path with each step’s output, the first entry, and a last selection only when not routed', () => {
    const { unpacked } = both(1000, day)
    const finished = new Map(unpacked.flatMap((e) => (e[0] === 'finished' ? [[e[1], e[5]] as const] : [])))
    expect(finished.get('c1')).toMatchObject({
      path: ['sales', 'tag', START, 'next', 'sales', 'pick', START, null],
      first: ['sales', START],
      selection: null,
    })
    expect(finished.get('c4')?.path.filter((_, i) => i % 4 === 1)).toEqual(['tag', 'pick', 'bye'])
    expect(finished.get('c4')?.selection).toMatchObject({ node: 'pick', candidates: expect.any(Number) })
  })

  it('reads simulate’s traces field by field (trace.visit) to the same events as their entries give', () => {
    const { directory, strategy: pool } = taggedPool(3, '20s')
    const encoded: RecordEvent[] = []
    const packer = createEventPacker()
    const direct = createPackingInput(packer, () => {})
    const encoder = createRecordEncoder((event) => encoded.push(event))
    let visits = 0
    simulate({
      strategy: 'pool',
      strategies: [pool],
      directory,
      arrivalsPerHour: 120,
      ahtSeconds: 90,
      durationHours: 2,
      warmupHours: 0,
      patienceSeconds: 40,
      seed: 3,
      onEvent: (event, trace) => {
        encoder.onEvent(event, trace)
        // the same access, counting the visits
        const counted: TraceAccess = (id) => trace(id)
        counted.visit = (id, visitor) => {
          visits++
          return trace.visit?.(id, visitor) ?? false
        }
        direct.onEvent(event, counted)
      },
    })
    const batch = packer.take()
    const unpacked = createEventUnpacker()(batch)
    const finished = encoded.filter((e) => e[0] === 'finished')
    // an id repeated by the next events of its interaction goes once: sim-1, routed at once, has three in a row
    expect(encoded.slice(0, 3).map((e) => [e[0], e[1]])).toEqual([
      ['data', 'sim-1'],
      ['routed', 'sim-1'],
      ['finished', 'sim-1'],
    ])
    expect(batch.strings.filter((text) => text === 'sim-1')).toHaveLength(1)
    // routed and given up (a selection kept) alike, each with its path
    expect(new Set(finished.map((e) => e[3]))).toEqual(new Set(['routed', 'abandoned', 'default-route']))
    expect(visits).toBe(finished.length)
    // every event packed as it comes, each finished interaction's path read from its trace: the same events
    expect(unpacked).toEqual(encoded)
  })

  it('packs host calls no router event shows: transfers (and where to), dispositions, new strategy versions and a new directory', () => {
    const encoded: RecordEvent[] = []
    const packer = createEventPacker()
    const direct = createPackingInput(packer, () => {})
    const encoder = createRecordEncoder((event) => encoded.push(event))
    for (const input of [encoder, direct]) {
      input.transferred('c2', START + 90_000)
      input.transferred('c3', START + 91_000, 'queue:billing')
      input.transferred('c4', START + 92_000, undefined, 'callback-needed')
      input.completed('c5', START + 93_000, 'sale')
      input.strategiesChanged([strategy])
      input.directoryChanged({ ...directory, queues: { front: { groups: ['sales', 'overflow'] } } })
    }
    expect(createEventUnpacker()(packer.take())).toEqual(encoded)
    expect(encoded.map((e) => e[0])).toEqual([
      'transferred',
      'transferred',
      'transferred',
      'completed',
      'versions',
      'directory',
    ])
    expect(encoded.slice(0, 4)).toEqual([
      ['transferred', 'c2', START + 90_000, null, null],
      ['transferred', 'c3', START + 91_000, 'queue:billing', null],
      ['transferred', 'c4', START + 92_000, null, 'callback-needed'],
      ['completed', 'c5', START + 93_000, 'sale'],
    ])
    // what the writer thread's builder reads: each queue's and agent's groups
    expect(encoded[5]).toEqual([
      'directory',
      {
        queues: [['front', ['sales', 'overflow']]],
        agents: [
          ['a1', ['sales']],
          ['a2', ['sales']],
          ['o1', ['overflow']],
        ],
      },
    ])
  })

  it("packs a supervisor's state with her name, and a host's with none, as the encoder gives them", () => {
    const encoded: RecordEvent[] = []
    const packer = createEventPacker()
    const direct = createPackingInput(packer, () => {})
    const encoder = createRecordEncoder((event) => encoded.push(event))
    for (const input of [encoder, direct]) {
      input.agentEvent({ agent: 'a1', state: 'logged-out', at: START }, START, 'supervisor', 'Maria Lopez')
      input.agentEvent({ agent: 'a2', state: 'not-ready', reason: 'lunch', at: START }, START)
    }
    expect(createEventUnpacker()(packer.take())).toEqual(encoded)
    expect(encoded).toEqual([
      ['agent', 'a1', '', 'logged-out', START, [], null, 'supervisor', 'Maria Lopez'],
      ['agent', 'a2', '', 'not-ready', START, [], 'lunch', 'host', null],
    ])
  })

  it('gives every recorder’s writer the same functions, so the router’s calls into them can be inlined', () => {
    // a writer of closures per packer was a new call target for each recorder (and each bench round): not inlined
    const [a, b] = [createEventPacker(), createEventPacker()]
    const [wa, wb] = [packingRecordWriter(a, () => {}), packingRecordWriter(b, () => {})]
    for (const method of ['begin', 'id', 'shared', 'num', 'data', 'end'] as const) {
      expect(a[method]).toBe(b[method])
      expect(wa[method]).toBe(wb[method])
    }
  })

  it('numbers each shared string once, whatever other strings share its cache slot', () => {
    const packer = createEventPacker()
    const direct = createPackingInput(packer, () => {})
    const unpack = createEventUnpacker()
    // 600 names for 256 slots (many share one), the empty string, and each name again as a new string object
    const names = [...Array.from({ length: 600 }, (_, i) => `agent-${i}`), '']
    const fresh = (name: string) => [...name].join('')
    const expected: RecordEvent[] = []
    const sent: string[] = []
    for (let round = 0; round < 3; round++) {
      for (const [i, name] of names.entries()) {
        const agent = round === 1 ? fresh(name) : name
        const state = ['ready', 'busy', ''][(i + round) % 3] as string
        direct.agentEvent({ agent, media: 'voice', state, at: START + i } as never, START + names.length)
        expected.push(['agent', name, 'voice', state, START + i, [], null, 'host', null])
      }
      const batch = packer.take()
      sent.push(...batch.shared)
      expect(unpack(batch)).toEqual(expected.splice(0))
    }
    // sent once each, in the first batch (the shared table lives as long as the packer)
    expect(sent.sort()).toEqual([...new Set([...names, 'ready', 'busy', 'voice', 'host'])].sort())
  })
})

describe('attached data', () => {
  const at = START + 1000
  class Tagged {
    tier = 'gold'
  }
  it.each([
    ['plain strings, numbers and booleans', { Tier: 'gold', Score: 4.25, Vip: true, Old: false, Zero: -0 }],
    [
      'what JSON leaves out or writes as null',
      { gone: undefined, fn: () => 1, nan: Number.NaN, inf: -Infinity },
    ],
    [
      'nested values as JSON',
      { list: [1, 'a', null], when: new Date(START), deep: { a: { b: 'c' } }, nil: null },
    ],
    ['a key named __proto__', JSON.parse('{"__proto__": {"x": 1}, "y": 2}')],
    ['an object with toJSON', { toJSON: () => ({ shown: 'yes' }) }],
    ['a class instance', new Tagged()],
    ['numeric keys first, as JSON orders them', { b: 'x', 2: 'two', a: 'y', 1: 'one' }],
  ])('%s unpack to what JSON gives', (_, data) => {
    const packer = createEventPacker()
    const direct = createPackingInput(packer, () => {})
    direct.onEvent({ type: 'data-attached', interaction: 'c1', at, data } as never, () => undefined)
    const [event] = createEventUnpacker()(packer.take())
    const expected = JSON.parse(JSON.stringify(data))
    expect(event).toEqual(['data', 'c1', at, expected])
    // the same keys in the same order (toEqual ignores order)
    expect(JSON.stringify(event?.[3])).toBe(JSON.stringify(expected))
  })

  it('sends a key’s value repeated by the next interactions once per batch, and each other value as its own', () => {
    const packer = createEventPacker()
    const direct = createPackingInput(packer, () => {})
    const unpack = createEventUnpacker()
    // the second batch has 40 keys more: more than the packer remembers values for, so they evict each other
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`)
    const dataOf = (n: number, many: boolean) => ({
      Tier: n % 5 === 4 ? 'silver' : 'gold',
      Caller: `+4420${n}`,
      ...(many
        ? Object.fromEntries(keys.map((key, i) => [key, i % 3 === 0 ? `v${i}` : `v${i}-${n % 2}`]))
        : {}),
    })
    for (const many of [false, true]) {
      for (let n = 0; n < 12; n++)
        direct.onEvent(
          { type: 'data-attached', interaction: `c${n}`, at, data: dataOf(n, many) } as never,
          () => undefined,
        )
      const batch = packer.take()
      if (!many) {
        // gold in runs (0-3, 5-8, 10-11) between two silvers: sent at each change; every caller is new
        expect(batch.strings.filter((text) => text === 'gold')).toHaveLength(3)
        expect(batch.strings.filter((text) => text === 'silver')).toHaveLength(2)
        expect(batch.strings.filter((text) => text.startsWith('+4420'))).toHaveLength(12)
      }
      expect(unpack(batch)).toEqual(
        Array.from({ length: 12 }, (_, n) => ['data', `c${n}`, at, dataOf(n, many)]),
      )
    }
  })
})
