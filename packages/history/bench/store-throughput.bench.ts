// Routing throughput with the store on (SQLite, PostgreSQL) as a ratio to the store off, in the same run: the same
// simulated day routed with and without records, the final flush included (and, as a row of its own, apart).
// Issue 11's rows are the "steady state" ones: as serve does, one recorder per back end (opened as serve and
// recordSimulation open theirs) is started once and warmed by a day that is not measured; then each measured day is
// routed into that same recorder (a day later each time, so its records are new rows) and its records flushed to the
// store inside the day's timing.
// Their start (writer thread, store opened) and close (final flush, the thread's end) are rows of their own, in ms
// of routing-thread CPU, once per process. The "cold: a recorder per day" rows start a new recorder each round: a
// new writer isolate whose JIT compiles run beside the router and whose thread's start and end fall on each day,
// against store-off rounds that run JIT-warm; they are kept as what a one-shot recordSimulation pays.
// Throughput is given per CPU second of the routing thread (what the store costs the router: the records are built,
// serialised and written in a writer thread), per wall second of routing, and, as a figure of its own, per wall
// second to the last record in the store (the writer's and the database's work too). The rows are counted at the end.
// The routing thread's CPU leaves out what the store costs beside it: the steady rows also give the CPU of every
// thread it keeps busy (this process's, the writer thread's included, and PostgreSQL's server processes) against
// store off's process, and that CPU per interaction in µs.
// Beside the ratio to the store off, the ratio to a listener that keeps nothing: simulate keeps every interaction's
// trace (and the last 1,000 finished ones) as soon as anyone listens to its events, store or not, so that ratio is
// what the store itself costs the routing thread, the other what recording costs it in all. A third figure splits
// the store's cost: the routing thread packing the records' events with no writer thread at all (each batch taken
// and its buffer handed straight back), against the same listener; the rest is posting the batches and the writer
// thread working beside the router. The recorder declares what it reads (`explanations: 'summary'`: a selection's
// summary, no candidate listed) and is the only listener, so its runs route that way. "A listener that keeps nothing"
// stays what it was (explanations listed); added rows give what summaries save it, and the store against a listener
// reading summaries too (the store's own cost, explanations alike); the packing row compares the two reading summaries.
// The store rows record as recordSimulation does: the router writes its run records (RouterOptions.record) straight
// into the recorder's batches and keeps no trace. An added row compares the two ways of packing on the routing
// thread: the router's run records against every router event packed as it comes (serve's way).
// So that no figure can come from a store that lost records: each store day must write at least one record per routed
// interaction, and at the end the store's own interactions table (not the recorder's counters) must hold a row for
// every interaction routed into it. Every mode runs one unmeasured round first (store off's first day used to be its
// process's first routing without a record writer, a cold JIT) and the modes' order turns each round; beside each
// best-of-rounds ratio the steady rows give the median of the rounds' own ratios (a steady day against store off in
// the same round), which one lucky round of either cannot move.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createHistoryRecorder, type HistoryRecorder, openStore } from '@routewright/history'
// the recorder's own packer (its build, as the alias of @routewright/history): one copy of each function in the
// process, so the router's calls into the packing row's writer and the recorders' are the same calls
import { createEventPacker, createPackingInput, packingRecordWriter } from '@routewright/history/packing'
import { startPostgresServer } from '@routewright/node-support/testing'
import {
  type RouterEvent,
  type SimulationOptions,
  simulate,
  type TraceAccess,
} from '@routewright/strategy-runtime'
import type { BenchFigure as Figure } from '../../../bench/result.ts'
import { taggedPool } from '../test/routers.ts'

/** The workload's first simulated day (simulate's default start); the steady recorders' days follow it a day apart. */
const FIRST_DAY = Date.UTC(2026, 0, 5)
const DAY_MS = 24 * 3600_000

function workload(): SimulationOptions {
  const { directory, strategy } = taggedPool(50, '5m')
  // 45 Erlangs on 50 agents for 12 hours: about 10,800 interactions, most of them waiting a little
  return {
    strategy: 'pool',
    strategies: [strategy],
    directory,
    arrivalsPerHour: 900,
    ahtSeconds: 180,
    durationHours: 12,
    patienceSeconds: 300,
    seed: 5,
  }
}

/** A word to sleep on for a moment (Atomics.wait): see routingThreadCpu. */
const nap = new Int32Array(new SharedArrayBuffer(4))

/** Rounds of every mode, interleaved: a steady recorder routes this many measured days after its warm-up day. */
const ROUNDS = 5

/**
 * Milliseconds of CPU the routing (main) thread used: Linux's per-thread schedstat, in ns; the writer thread's CPU is
 * not in it. Elsewhere the whole process (writer thread included), which only makes the store look slower.
 * The kernel adds a running thread's time to that figure only at a scheduler tick or a switch, so a thread read while
 * it runs is up to a tick behind (4 ms here, against some 30 to 100 ms a round): a 50 us sleep first makes it
 * switch, and the figure exact (a 3 ms loop read 30 times: within 0.1 to 0.4 ms of getrusage, against 0.1 to 3.7 ms).
 */
function routingThreadCpu(): number {
  try {
    Atomics.wait(nap, 0, 0, 0.05)
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
  } catch {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
}

/** Milliseconds of CPU of the whole process: every thread (the writer thread, V8's compiler and GC threads). */
function processCpu(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/**
 * Milliseconds of CPU of a PostgreSQL server: its postmaster and every child (backends, WAL writer, checkpointer),
 * each one thread, from /proc (Linux; 0 elsewhere). A backend that exits between two reads loses its time: the
 * steady recorder's pool keeps its connections for the process's life.
 */
function serverCpu(postmaster: number | undefined): number {
  if (postmaster === undefined) return 0
  let ns = 0
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        // the fields after the command's closing parenthesis: state, ppid, ...
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        if (Number(entry) !== postmaster && ppid !== postmaster) continue
        ns += Number(readFileSync(`/proc/${entry}/schedstat`, 'utf8').split(' ')[0])
      } catch {
        // a process that ended while /proc was read
      }
    }
  } catch {
    return 0
  }
  return ns / 1e6
}

interface Rates {
  /** Interactions per second of the routing thread's CPU, from the first interaction to the final flush. */
  cpu: number
  /**
   * The same while routing only (simulate's run): the final flush apart, where nothing is routed and the routing
   * thread waits seconds for the writer thread (its CPU then about what idling that long costs it with no store, and
   * the writer thread's teardown, some 2 ms).
   */
  routing: number
  /** Interactions per wall second of routing (simulate's run), the recorder's start and final flush excluded. */
  wall: number
  /** Interactions per wall second from the recorder's start to the last record in the store. */
  total: number
  /**
   * Interactions per CPU second of every thread the store keeps busy, from the first interaction to the last record
   * in the store: this process's (the writer thread's too) and, with PostgreSQL, its server's processes.
   */
  process: number
}

/** Times one run: `open` starts the recorder, `route` routes the day, `drain` waits for the last record. */
async function measure(
  open: () => Promise<void>,
  route: () => number,
  drain: () => Promise<void>,
  server?: number,
): Promise<Rates> {
  const wall0 = performance.now()
  await open()
  // the recorder's start (a thread, a store connection) is paid once per process, not per interaction; the server's
  // CPU is read outside the process's (reading /proc costs this thread some ms)
  const server0 = serverCpu(server)
  const process0 = processCpu()
  const cpu0 = routingThreadCpu()
  const route0 = performance.now()
  const routed = route()
  const route1 = performance.now()
  const cpuRouted = routingThreadCpu()
  await drain()
  const wall1 = performance.now()
  const cpu1 = routingThreadCpu()
  const process1 = processCpu()
  const server1 = serverCpu(server)
  return {
    process: routed / ((process1 - process0 + server1 - server0) / 1000),
    cpu: routed / ((cpu1 - cpu0) / 1000),
    routing: routed / ((cpuRouted - cpu0) / 1000),
    wall: routed / ((route1 - route0) / 1000),
    total: routed / ((wall1 - wall0) / 1000),
  }
}

export async function runHistoryStoreThroughputBench(): Promise<Figure[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-bench-'))
  const server = await startPostgresServer({ durable: true })
  const specs = { sqlite: `sqlite:${path.join(folder, 'bench.db')}`, postgres: server.url } as const
  try {
    const options = workload()
    const off = () =>
      measure(
        async () => {},
        () => simulate(options).offered,
        async () => {},
      )
    // the same routing with the runtime's traces on (an event listener) and nothing recorded
    const listener = () =>
      measure(
        async () => {},
        () => simulate({ ...options, onEvent: () => {}, onComplete: () => {} }).offered,
        async () => {},
      )
    // the same listener asking for summary explanations, as the recorder does (no candidate listed)
    const summaries = () =>
      measure(
        async () => {},
        () =>
          simulate({ ...options, explanations: 'summary', onEvent: () => {}, onComplete: () => {} }).offered,
        async () => {},
      )
    // the recorder's work on the routing thread alone: its events packed, each batch taken and its buffer handed
    // straight back (as a writer thread that keeps up does), nothing posted
    // `way`: 'records', the router's run records (the recorder's way with simulate); 'events', every router event
    // packed as it comes (serve's way)
    const packing = (way: 'records' | 'events') => () =>
      measure(
        async () => {},
        () => {
          const packer = createEventPacker()
          const packed = () => {
            if (packer.count >= 2000) packer.recycle(packer.take().numbers)
          }
          const input = createPackingInput(packer, packed)
          // the recorder's record writer: its packer, each entry ended as a batch that may fill
          const record = packingRecordWriter(packer, packed)
          const routed = simulate({
            ...options,
            explanations: 'summary',
            ...(way === 'records'
              ? { record }
              : { onEvent: (event: RouterEvent, trace: TraceAccess) => input.onEvent(event, trace) }),
            onComplete: (interaction, at) => input.completed(interaction, at),
          }).offered
          packer.take()
          return routed
        },
        async () => {},
      )
    // what recordSimulation does, with its phases timed apart: the recorder's start, the routing, the final flush
    const on = (kind: keyof typeof specs, round: number) => async () => {
      let recorder: HistoryRecorder | undefined
      let routed = 0
      const rates = await measure(
        async () => {
          recorder = await createHistoryRecorder({
            store: specs[kind],
            spoolFile: path.join(folder, `${kind}.pending.jsonl`),
            // a router name per round: each round's records are new rows, so the count below checks every one
            router: `bench-${round}`,
            strategies: options.strategies,
            thread: 'worker',
          })
        },
        () => {
          const r = recorder as HistoryRecorder
          // as recordSimulation: the router writes its run records into the recorder's batches
          if (!r.record) throw new Error('the recorder has no writer thread: build @routewright/history')
          routed = simulate({
            ...options,
            // the recorder is the only listener: routing explains as little as its records keep
            explanations: r.explanations,
            record: r.record,
            onComplete: (interaction, at) => r.completed(interaction, at),
          }).offered
          return routed
        },
        async () => recorder?.close(),
      )
      const counters = (recorder as HistoryRecorder).counters()
      recordedDay(kind, 'cold', routed, counters.written, counters)
      return rates
    }
    const written = { sqlite: 0, postgres: 0 }
    // interactions routed into each store (warm-up days too): its interactions table must hold a row for each
    const routedInto = { sqlite: 0, postgres: 0 }
    // a day whose records are not all in the store (none written, some pending, dropped or failed) fails the bench:
    // a ratio of a store that records less than every interaction is no answer to issue 11
    function recordedDay(
      kind: keyof typeof specs,
      how: string,
      routed: number,
      day: number,
      counters: ReturnType<HistoryRecorder['counters']>,
    ) {
      if (counters.pending !== 0 || counters.dropped !== 0 || counters.failures !== 0 || day < routed)
        throw new Error(
          `${kind} (${how}): ${day} records written for ${routed} interactions routed: ${JSON.stringify(counters)}`,
        )
      written[kind] += day
      routedInto[kind] += routed
    }
    // steady state, as serve runs: one recorder per back end for the whole bench (serve's life), started once
    // and warmed by a day that is not measured; each measured day then routes into it, its records drained (flush)
    // inside its timing
    const steady = {} as Record<
      keyof typeof specs,
      { recorder: HistoryRecorder; startMs: number; day: number }
    >
    // one more simulated day into the kind's recorder: a day later each time, so its records are new rows (a record's
    // key is router, interaction id and time) and the router's clock runs on as a serve process's does
    function steadyDay(kind: keyof typeof specs) {
      return async () => {
        const one = steady[kind]
        const r = one.recorder
        const record = r.record
        if (!record) throw new Error('the recorder has no writer thread: build @routewright/history')
        const before = r.counters().written
        const startAt = FIRST_DAY + one.day++ * DAY_MS
        let routed = 0
        const rates = await measure(
          async () => {},
          () => {
            routed = simulate({
              ...options,
              startAt,
              explanations: r.explanations,
              record,
              onComplete: (interaction, at) => r.completed(interaction, at),
            }).offered
            return routed
          },
          // the day's records in the store before its timing ends: the routing thread's wait is counted
          () => r.flush(),
          // PostgreSQL's work is the store's too: its server's processes counted in the process figure
          kind === 'postgres' ? server.pid() : undefined,
        )
        const counters = r.counters()
        recordedDay(kind, 'steady', routed, counters.written - before, counters)
        return rates
      }
    }
    for (const kind of ['sqlite', 'postgres'] as const) {
      const cpu0 = routingThreadCpu()
      const recorder = await createHistoryRecorder({
        store: specs[kind],
        spoolFile: path.join(folder, `${kind}.steady.pending.jsonl`),
        router: 'bench-steady',
        strategies: options.strategies,
        thread: 'worker',
      })
      steady[kind] = { recorder, startMs: routingThreadCpu() - cpu0, day: 0 }
      await steadyDay(kind)()
    }
    // interleaved so the neighbours' load falls on every mode alike; best of the rounds each. Round -1 warms every
    // mode and is not counted; the order turns each round and runs backwards every other one, so no mode always
    // runs first or after the same neighbour
    const best: Record<string, Rates> = {}
    const perRound: Array<Record<string, Rates>> = []
    for (let round = -1; round < ROUNDS; round++) {
      const modes = [
        ['off', off],
        ['listener', listener],
        ['summaries', summaries],
        ['packing', packing('records')],
        ['packing events', packing('events')],
        ['sqlite', on('sqlite', round)],
        ['postgres', on('postgres', round)],
        ['sqlite steady', steadyDay('sqlite')],
        ['postgres steady', steadyDay('postgres')],
      ] as const
      const turn = ((round % modes.length) + modes.length) % modes.length
      const turned = [...modes.slice(turn), ...modes.slice(0, turn)]
      const rates: Record<string, Rates> = {}
      for (const [mode, run] of round % 2 === 0 ? turned : turned.reverse()) {
        const rate = await run()
        rates[mode] = rate
        if (round < 0) continue
        const sofar = best[mode] ?? { cpu: 0, routing: 0, wall: 0, total: 0, process: 0 }
        best[mode] = {
          cpu: Math.max(sofar.cpu, rate.cpu),
          routing: Math.max(sofar.routing, rate.routing),
          wall: Math.max(sofar.wall, rate.wall),
          total: Math.max(sofar.total, rate.total),
          process: Math.max(sofar.process, rate.process),
        }
      }
      if (round >= 0) perRound.push(rates)
    }
    // the median over the rounds of one mode's routing-thread rate against store off's in the same round
    const medianRatio = (mode: string) => {
      const ratios = perRound
        .map((rates) => (rates[mode]?.cpu ?? 0) / (rates.off?.cpu ?? 1))
        .sort((a, b) => a - b)
      return ratios[Math.floor(ratios.length / 2)] ?? 0
    }
    // the recorders' end, once per process: the final flush (nothing left by now), the writer thread's end
    const closeMs = { sqlite: 0, postgres: 0 }
    for (const kind of ['sqlite', 'postgres'] as const) {
      const cpu0 = routingThreadCpu()
      await steady[kind].recorder.close()
      closeMs[kind] = routingThreadCpu() - cpu0
    }
    // the store truly holds every record: interactions, handlings, nothing twice
    for (const kind of ['sqlite', 'postgres'] as const) {
      const store = await openStore(specs[kind])
      const rows = await store.database.all<{ n: number; interactions: number }>(
        `SELECT (SELECT COUNT(*) FROM interactions) + (SELECT COUNT(*) FROM handling) AS n,
          (SELECT COUNT(*) FROM interactions) AS interactions`,
      )
      await store.close()
      if (Number(rows[0]?.n) !== written[kind])
        throw new Error(`${kind}: ${rows[0]?.n} rows in the store, ${written[kind]} records written`)
      // counted from the store, not the recorder: a row for every interaction routed into it (a day's first hour
      // of arrivals, simulate's warm-up, is recorded too but not counted as offered)
      const interactions = Number(rows[0]?.interactions)
      if (interactions < routedInto[kind])
        throw new Error(
          `${kind}: ${interactions} interactions in the store, ${routedInto[kind]} routed into it: records are missing`,
        )
    }
    const none: Rates = { cpu: 1, routing: 1, wall: 1, total: 1, process: 1 }
    const base = best.off ?? none
    const traced = best.listener ?? none
    // a listener reading what the recorder reads (summary explanations)
    const summarised = best.summaries ?? none
    return [
      { name: 'routing, store off (per CPU second)', value: base.cpu, unit: 'interactions/s', target: 1 },
      {
        name: 'routing with the store’s packing alone, no writer thread / store off (routing thread CPU)',
        value: (best.packing?.cpu ?? 0) / base.cpu,
        unit: 'ratio',
        target: 0.8,
        higherIsBetter: true,
      },
      {
        name: 'routing with a listener that keeps nothing and reads summary explanations / one reading them listed (routing thread CPU)',
        value: summarised.cpu / traced.cpu,
        unit: 'ratio',
        target: 1,
        higherIsBetter: true,
      },
      {
        name: 'routing with the store’s packing alone, no writer thread / a listener that keeps nothing (routing thread CPU)',
        // both read summaries: what packing itself costs, as before
        value: (best.packing?.cpu ?? 0) / summarised.cpu,
        unit: 'ratio',
        target: 0.8,
        higherIsBetter: true,
      },
      {
        name: 'routing with the store’s packing of the router’s run records / its packing of every event as it comes, no writer thread (routing thread CPU)',
        value: (best.packing?.cpu ?? 0) / (best['packing events']?.cpu ?? 1),
        unit: 'ratio',
        target: 1,
        higherIsBetter: true,
      },
      ...(['sqlite', 'postgres'] as const).flatMap((kind) => [
        {
          // issue 11's row: one recorder for the process's life (as serve), its day's records in the store
          name: `routing with the ${kind} store / store off, steady state: one warm recorder, each day's records flushed (routing thread CPU)`,
          value: (best[`${kind} steady`]?.cpu ?? 0) / base.cpu,
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
        {
          // issue 11's row again, as the median of the rounds' own ratios (each steady day against store off in its
          // round): the best-of-rounds ratio above divides two rounds' bests, which one lucky round of either moves
          name: `routing with the ${kind} store / store off, steady state, median of the rounds' ratios (routing thread CPU)`,
          value: medianRatio(`${kind} steady`),
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
        {
          // every thread the store keeps busy, against store off's process (which has no other thread at work): the
          // writer thread building, serialising and inserting the records, and PostgreSQL's server processes
          name: `routing with the ${kind} store / store off, steady state (CPU of every thread: the writer thread's${kind === 'postgres' ? ", the PostgreSQL server's" : ''} too)`,
          value: (best[`${kind} steady`]?.process ?? 0) / base.process,
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
        {
          name: `the ${kind} store's CPU per interaction, steady state: every thread's, store off's subtracted`,
          value: (1 / (best[`${kind} steady`]?.process ?? 1) - 1 / base.process) * 1e6,
          unit: 'us',
          target: 0.7,
        },
        {
          name: `routing with the ${kind} store / store off, steady state (routing thread CPU while routing, the flush apart)`,
          value: (best[`${kind} steady`]?.routing ?? 0) / base.routing,
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
        {
          name: `routing with the ${kind} store / store off, steady state (routing wall)`,
          value: (best[`${kind} steady`]?.wall ?? 0) / base.wall,
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
        {
          // what posting the batches and the writer thread beside cost beyond packing them, once warm
          name: `routing with the ${kind} store, steady state / the store's packing alone, no writer thread (routing thread CPU)`,
          value: (best[`${kind} steady`]?.cpu ?? 0) / (best.packing?.cpu ?? 1),
          unit: 'ratio',
          target: 1,
          higherIsBetter: true,
        },
        {
          name: `routing with the ${kind} store, steady state, to the day's last record stored (wall)`,
          value: best[`${kind} steady`]?.total ?? 0,
          unit: 'interactions/s',
          target: 1,
        },
        {
          name: `the ${kind} recorder's start, once per process: writer thread and store opened (routing thread CPU)`,
          value: steady[kind].startMs,
          unit: 'ms',
          target: 50,
        },
        {
          name: `the ${kind} recorder's close, once per process: final flush, writer thread's end (routing thread CPU)`,
          value: closeMs[kind],
          unit: 'ms',
          target: 50,
        },
        {
          name: `routing with the ${kind} store / store off, cold: a recorder per day (routing thread CPU)`,
          value: (best[kind]?.cpu ?? 0) / base.cpu,
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
        {
          name: `routing with the ${kind} store, cold: a recorder per day / a listener that keeps nothing (routing thread CPU)`,
          value: (best[kind]?.cpu ?? 0) / traced.cpu,
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
        {
          name: `routing with the ${kind} store, cold: a recorder per day / a listener that keeps nothing, reading summaries (routing thread CPU)`,
          value: (best[kind]?.cpu ?? 0) / summarised.cpu,
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
        {
          // the row above without the final flush: what the store costs the router while it routes (serve, which
          // routes on, never waits for one)
          name: `routing with the ${kind} store / store off, cold: a recorder per day (routing thread CPU while routing, the final flush apart)`,
          value: (best[kind]?.routing ?? 0) / base.routing,
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
        {
          name: `routing with the ${kind} store / store off, cold: a recorder per day (routing wall)`,
          value: (best[kind]?.wall ?? 0) / base.wall,
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
        {
          name: `routing with the ${kind} store, cold: a recorder per day, to the last record stored (wall)`,
          value: best[kind]?.total ?? 0,
          unit: 'interactions/s',
          target: 1,
        },
      ]),
    ]
  } finally {
    await server.destroy()
    rmSync(folder, { recursive: true, force: true })
  }
}
