// RouterOptions.record: the router writes each run's compact record (RUN_RECORD) as it routes, with no trace kept.
import {
  type Explanation,
  firstInLineReason,
  idleLongestReason,
  REASON_FIGURES,
  REASON_IN_RECORD,
  REASON_TEXT,
  RUN_RECORD,
  type RunRecordWriter,
  simulate,
} from '@routewright/strategy-runtime'
import { expect, it } from 'vitest'
import { makeDirectory, makeStrategy, setup } from './fixtures.ts'

const NAMES = new Map<number, string>(Object.entries(RUN_RECORD).map(([name, code]) => [code, name]))

/** A writer keeping each entry as a list: its code's name, then its fields as written. */
function collect(): { writer: RunRecordWriter; entries: unknown[][] } {
  const entries: unknown[][] = []
  let entry: unknown[] = []
  const field = (value: unknown) => {
    entry.push(value)
  }
  return {
    entries,
    writer: {
      begin: (code) => {
        entry = [NAMES.get(code) ?? code]
      },
      id: field,
      shared: field,
      num: field,
      data: (value) => field({ ...value }),
      end: () => {
        entries.push(entry)
      },
    },
  }
}

const strategy = makeStrategy({
  tag: { type: 'attach', set: { Tier: '"gold"' }, next: 'pick' },
  pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
  bye: { type: 'end', outcome: 'default-route' },
})

it('writes nodes entered and left, waits, reservations, data and finishes, keeping no trace', () => {
  const { writer, entries } = collect()
  const { router, clock, ready } = setup([strategy], { record: writer, limits: { traceEntries: 0 } })
  ready('a1')
  router.submit({ id: 'c1', strategy: 'test' })
  router.confirmReservation('c1')
  router.submit({ id: 'c2', strategy: 'test' })
  clock.advance(30_000)
  expect(router.trace('c1')).toEqual([])
  const at = (entry: unknown[]) =>
    entry.map((v) => (typeof v === 'number' && v > 1e12 ? `+${v - clock.now() + 30_000}` : v))
  expect(entries.map(at)).toMatchInlineSnapshot(`
    [
      [
        "enter",
        "c1",
        "+0",
        "test",
        "tag",
      ],
      [
        "data",
        "c1",
        "+0",
        {
          "Tier": "gold",
        },
      ],
      [
        "exit",
        "c1",
        "test",
        "tag",
        "next",
      ],
      [
        "enter",
        "c1",
        "+0",
        "test",
        "pick",
      ],
      [
        "routed",
        "c1",
        "+0",
        "pick",
        "group:sales",
        "a1",
        0,
        "pick",
        "longest idle",
        0,
        "a1 has been idle longest (0s) as the only eligible candidate",
        "a1",
        2,
        1,
        "not-ready",
        1,
      ],
      [
        "finished",
        "c1",
        "+0",
        "routed",
        null,
        "test",
        0,
      ],
      [
        "enter",
        "c2",
        "+0",
        "test",
        "tag",
      ],
      [
        "data",
        "c2",
        "+0",
        {
          "Tier": "gold",
        },
      ],
      [
        "exit",
        "c2",
        "test",
        "tag",
        "next",
      ],
      [
        "enter",
        "c2",
        "+0",
        "test",
        "pick",
      ],
      [
        "queued",
        "c2",
        "+0",
        "pick",
        0,
        1,
        "group:sales",
      ],
      [
        "timeout",
        "c2",
        "+30000",
      ],
      [
        "exit",
        "c2",
        "test",
        "pick",
        "timeout",
      ],
      [
        "enter",
        "c2",
        "+30000",
        "test",
        "bye",
      ],
      [
        "finished",
        "c2",
        "+30000",
        "default-route",
        null,
        "test",
        1,
        "pick",
        "longest idle",
        0,
        "No eligible agent: the interaction waits for one",
        null,
        2,
        2,
        "no-capacity",
        1,
        "not-ready",
        1,
      ],
    ]
  `)
})

it('writes an unrouted run’s last selection that listed a winner or candidates, the one its trace holds last', () => {
  const { writer, entries } = collect()
  const { router, clock, ready } = setup([strategy], { record: writer })
  ready('a1')
  router.submit({ id: 'c1', strategy: 'test' })
  // the agent does not take it: a1 goes not ready, c1 waits again, then hangs up
  router.rejectReservation('c1')
  clock.advance(1000)
  router.abandon('c1')
  const finished = entries.find((e) => e[0] === 'finished')
  expect(finished?.slice(0, 6)).toEqual(['finished', 'c1', clock.now(), 'abandoned', null, 'test'])
  // the selection follows (1, then node, rule, its reason as text, winner ...): the trace's last listed one, as a
  // recorder read it
  const last = router.trace('c1')?.findLast((e) => e.kind === 'selection' && e.value !== undefined)?.value as
    | Explanation
    | undefined
  if (!last) throw new Error('no listed selection in the trace')
  expect(finished?.[6]).toBe(1)
  expect(finished?.slice(7, 12)).toEqual(['pick', last.rule, REASON_TEXT, last.reason, last.winner ?? null])
})

it('leaves a summary’s reason to the record as the figures it is written from (reasonText false): the same text', () => {
  // more agents than are listed whole: the usual longest-idle decision, the one summaries figure
  const agents = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`s${i}`, { groups: ['sales'] }]))
  const day = (reasonText: boolean) => {
    const { writer, entries } = collect()
    const { router, clock, ready, of } = setup([strategy], {
      directory: makeDirectory({ agents }),
      record: writer,
      limits: { explainSummary: true, reasonText, traceEntries: 0 },
    })
    ready('s0', 's1', 's2')
    clock.advance(1500)
    for (const id of ['c1', 'c2', 'c3']) {
      router.submit({ id, strategy: 'test' })
      router.confirmReservation(id)
    }
    // nobody ready: c4 waits until s0 frees up, and is routed to it then (first in line)
    router.submit({ id: 'c4', strategy: 'test', priority: 2 })
    clock.advance(2_345)
    router.complete('c1')
    return {
      entries: entries.filter((e) => e[0] === 'routed'),
      reasons: of('routed').map((e) => e.explanation.reason),
    }
  }
  const text = day(true)
  const figures = day(false)
  expect(figures.reasons).toEqual(Array(4).fill(REASON_IN_RECORD))
  // routed `i n s s s n` then the selection: node, rule, REASON_FIGURES, idle seconds, trigger (and its priority and
  // wait), winner, weighed, excluded
  const written = figures.entries.map((e) => {
    const [, id, , , , , , , , kind, idle, trigger] = e
    expect(kind).toBe(REASON_FIGURES)
    const [priority, waitedMs] = trigger === null ? [] : (e.slice(12, 14) as number[])
    const [winner, weighed] = e.slice(trigger === null ? 12 : 14) as [string, number]
    const reason = idleLongestReason(winner, idle as number, weighed)
    return trigger === null
      ? reason
      : firstInLineReason(id as string, trigger as string, priority as number, waitedMs as number, reason)
  })
  expect(written).toEqual(text.reasons)
  expect(text.reasons[3]).toBe(
    'c4 was first in line when s0 became available (priority 2, waiting 2.345s); s0 has been idle longest (0s) as the only eligible candidate',
  )
})

it('leaves the reasons to the record in simulate with `record` and summary explanations only, routing alike', () => {
  // 40 agents: the usual longest-idle decision; queues build, so agents also free up for waiting calls
  const agents = Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [`s${i}`, { groups: ['sales'], capacity: { voice: 1 } }]),
  )
  const reasonKinds = (explanations: 'full' | 'summary') => {
    const { writer, entries } = collect()
    const result = simulate({
      strategy: 'test',
      strategies: [strategy],
      directory: makeDirectory({ agents }),
      arrivalsPerHour: 41 * 20,
      ahtSeconds: 180,
      durationHours: 2,
      patienceSeconds: 120,
      seed: 3,
      explanations,
      record: writer,
    })
    // routed `i n s s s n` then the selection's node and rule: its reason's kind follows
    return { result, kinds: new Set(entries.filter((e) => e[0] === 'routed').map((e) => e[9])) }
  }
  const summary = reasonKinds('summary')
  const full = reasonKinds('full')
  expect(summary.kinds).toEqual(new Set([REASON_FIGURES]))
  expect(full.kinds).toEqual(new Set([REASON_TEXT]))
  expect(summary.result).toEqual(full.result)
})

it('a writer that throws is reported once, given no more, and routing and its events go on as without one', () => {
  const { writer, entries } = collect()
  let written = 0
  const problems: string[] = []
  const failing: RunRecordWriter = {
    ...writer,
    num: (value) => {
      // the third number written (inside an entry): the writer holds half an entry from here
      if (++written === 3) throw new Error('buffer detached')
      writer.num(value)
    },
  }
  const { router, ready, of } = setup([strategy], { record: failing, onProblem: (p) => problems.push(p) })
  ready('a1', 'a2')
  router.submit({ id: 'c1', strategy: 'test' })
  router.confirmReservation('c1')
  router.submit({ id: 'c2', strategy: 'test' })
  router.confirmReservation('c2')
  router.complete('c1')
  expect(problems).toEqual(['The run record writer failed and is given no more records: buffer detached'])
  expect(of('routed').map((e) => e.interaction)).toEqual(['c1', 'c2'])
  expect(of('finished').map((e) => e.interaction)).toEqual(['c1', 'c2'])
  const before = entries.length
  router.submit({ id: 'c3', strategy: 'test' })
  expect(entries.length).toBe(before)
  expect(of('error')).toEqual([])
})
