// The store-throughput bench's day (store-throughput.bench.ts) routed with the store off and on, modes alternating
// in one process from the builds, so a loaded machine's swings fall on every mode alike (the shared 2-core host's
// load moves ratios between separate runs by 0.3 and more). After `npm run build`, from this folder:
//   node bench/store-ab.mjs [rounds=8] [modes=off,noop,packing,sqlite]
// Modes: `off` (no listener, no record), `noop` (the router writes its run records to a writer that keeps nothing:
// the router's side of recording), `packing` (the records packed, each batch taken and its buffer handed straight
// back, no writer thread: the packer's side), `sqlite` (createHistoryRecorder with its writer thread, as
// recordSimulation: the whole store on the routing thread, final flush included, a new recorder each round),
// `steady` (one SQLite recorder kept for the process, as serve keeps one: each day's records flushed in its timing).
// `steady#N` gives its recorder batches of N events (batchEvents) in place of the default 2,000, `steady#N:M` store
// batches of M records too (batchSize, default 1,000; `steady#:M` that alone).
// `packing~keep|fold|path|none`: the packer behind one writer class that drops whole entry kinds (upper bounds of
// writing fewer entries; records wrong).
// `mode@folder` takes the history package from another build folder (a copy of dist/ kept in this package, so its
// imports resolve): two builds A/B.
// Prints each mode's median interactions per routing-thread CPU second and the median of its per-round ratios to the
// first mode. `CLOSE_CPU=1` also prints each sqlite round's routing and final-flush CPU. With `node --cpu-prof`
// (read it with ../server/bench/cpu-profile.mjs) or `perf record -e cpu-clock node --perf-basic-prof` it profiles
// (`perf script -F tid,ip,sym` splits the routing thread from the writer thread and V8's compiler and GC threads).
// `noop` beside `packing` makes the router's record calls polymorphic (two writers): run it apart for its figure.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { benchDay } from './store-day.mjs'

const [roundsArg = '8', modesArg = 'off,noop,packing,sqlite'] = process.argv.slice(2)
const { simulate } = await import(
  pathToFileURL(path.resolve(import.meta.dirname, '../../strategy-runtime/dist/index.js')).href
)

/**
 * A build of the history package: its recorder, its packer and the recorder's writer over a packer. From its
 * dist/packing.js; a build from before that entry: the packer found in its chunk by name, its methods its own.
 */
async function historyBuild(folder) {
  const dist = path.resolve(import.meta.dirname, '..', folder)
  const history = await import(pathToFileURL(path.join(dist, 'index.js')).href)
  if (existsSync(path.join(dist, 'packing.js'))) {
    const packing = await import(pathToFileURL(path.join(dist, 'packing.js')).href)
    return { dist, history, ...packing }
  }
  const chunk = readdirSync(dist).find((f) => f.startsWith('recorder-sink-') && f.endsWith('.js'))
  const internals = chunk ? await import(pathToFileURL(path.join(dist, chunk)).href) : {}
  const createEventPacker = Object.values(internals).find(
    (f) => typeof f === 'function' && f.name === 'createEventPacker',
  )
  if (!createEventPacker) throw new Error(`${dist}: no createEventPacker in its recorder-sink chunk`)
  // packingRecordWriter's shape then: the packer's own functions
  const packingRecordWriter = (packer, packed) => ({
    begin: packer.begin,
    id: packer.id,
    shared: packer.shared,
    num: packer.num,
    data: packer.data,
    end() {
      packer.end()
      packed()
    },
  })
  return { dist, history, createEventPacker, packingRecordWriter }
}

// the bench's day: taggedPool(50, '5m') of test/routers.ts, about 10,800 interactions in 12 hours
const options = benchDay

// the routing thread's CPU as the bench reads it (routingThreadCpu: a 50 us sleep, then the thread's schedstat)
const nap = new Int32Array(new SharedArrayBuffer(4))
function threadCpu() {
  Atomics.wait(nap, 0, 0, 0.05)
  return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
}
/** The whole process's CPU (every thread: the writer thread, V8's GC and compiler threads), ms. */
function processCpu() {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

const folder = mkdtempSync(path.join(tmpdir(), 'routewright-store-ab-'))
let round = 0
// the last run's interactions, for its process CPU rate (the runner reads the process's CPU around each run)
let lastRouted = 0
let stores = 0
const modes = {
  off: async () => {
    const c0 = threadCpu()
    const n = simulate(options).offered
    lastRouted = n
    return n / ((threadCpu() - c0) / 1000)
  },
  noop: async () => {
    const c0 = threadCpu()
    const nothing = () => {}
    const record = { begin: nothing, id: nothing, shared: nothing, num: nothing, data: nothing, end: nothing }
    const n = simulate({ ...options, explanations: 'summary', record, onComplete: () => {} }).offered
    lastRouted = n
    return n / ((threadCpu() - c0) / 1000)
  },
  packing: async ({ createEventPacker, packingRecordWriter }) => {
    const c0 = threadCpu()
    const packer = createEventPacker()
    const packed = () => {
      if (packer.count >= 2000) packer.recycle(packer.take().numbers)
    }
    const record = packingRecordWriter(packer, packed)
    const n = simulate({ ...options, explanations: 'summary', record, onComplete: () => {} }).offered
    packer.take()
    lastRouted = n
    return n / ((threadCpu() - c0) / 1000)
  },
  // `packing~keep` / `packing~fold`: the packer behind a writer that passes every entry on, or that drops every
  // `exit` (65) and `finished` (71) entry whole: an upper bound of folding an exit into the next enter and a finish
  // into its routed entry (a fold keeps their fields; records wrong, so packing only)
  'packing~keep': async (build) => packThrough(build, 0),
  'packing~fold': async (build) => packThrough(build, (1 << (65 - 64)) | (1 << (71 - 64))),
  // `packing~path`: `enter` (64) dropped too, as if the path were handed over once at the end for nothing
  'packing~path': async (build) => packThrough(build, (1 << (64 - 64)) | (1 << (65 - 64)) | (1 << (71 - 64))),
  // `packing~none`: every run record entry dropped (the router's calls into the writer stay)
  'packing~none': async (build) => packThrough(build, 0xff),
  sqlite: async ({ dist, history }) => {
    const recorder = await history.createHistoryRecorder({
      store: `sqlite:${path.join(folder, `ab-${stores++}.db`)}`,
      spoolFile: path.join(folder, 'pending.jsonl'),
      router: `ab-${round}`,
      strategies: options.strategies,
      thread: 'worker',
      workerScript: path.join(dist, 'recorder-worker.js'),
    })
    const c0 = threadCpu()
    const n = simulate({
      ...options,
      explanations: recorder.explanations,
      record: recorder.record,
      onComplete: (interaction, at) => recorder.completed(interaction, at),
    }).offered
    const c1 = threadCpu()
    await recorder.close()
    const c2 = threadCpu()
    if (process.env.CLOSE_CPU)
      console.log(
        `sqlite: routing ${(c1 - c0).toFixed(1)} ms CPU, final flush ${(c2 - c1).toFixed(1)} ms CPU`,
      )
    const c = recorder.counters()
    if (c.pending !== 0 || c.dropped !== 0 || c.failures !== 0 || c.written === 0)
      throw new Error(`records not written: ${JSON.stringify(c)}`)
    lastRouted = n
    return n / ((c2 - c0) / 1000)
  },
}

/** A run record writer over the packer that leaves out the entries of the kinds in `dropped` (bit kind - 64). */
class DroppingWriter {
  constructor(packer, packed, dropped) {
    this.packer = packer
    this.packed = packed
    this.dropped = dropped
    this.skip = false
  }
  begin(code) {
    this.skip = (this.dropped & (1 << (code - 64))) !== 0
    if (!this.skip) this.packer.begin(code)
  }
  id(text) {
    if (!this.skip) this.packer.id(text)
  }
  shared(text) {
    if (!this.skip) this.packer.shared(text)
  }
  num(value) {
    if (!this.skip) this.packer.num(value)
  }
  data(value) {
    if (!this.skip) this.packer.data(value)
  }
  end() {
    if (this.skip) return
    this.packer.end()
    this.packed()
  }
}
async function packThrough({ createEventPacker }, dropped) {
  const c0 = threadCpu()
  const packer = createEventPacker()
  const packed = () => {
    if (packer.count >= 2000) packer.recycle(packer.take().numbers)
  }
  const record = new DroppingWriter(packer, packed, dropped)
  const n = simulate({ ...options, explanations: 'summary', record, onComplete: () => {} }).offered
  packer.take()
  lastRouted = n
  return n / ((threadCpu() - c0) / 1000)
}

// `steady`: one SQLite recorder per build for the whole process (as serve keeps one), its first day the warm-up
// round's; each day a day later (new rows: a record's key is router, id and time), its records flushed in its timing
const steadyRecorders = new Map()
let steadyDays = 0
modes.steady = async ({ dist, history }, sizes) => {
  const [batchEvents, batchSize] = (sizes ?? '').split(':').map((n) => (n ? Number(n) : undefined))
  const key = `${dist}#${sizes ?? ''}`
  let recorder = steadyRecorders.get(key)
  if (!recorder) {
    recorder = await history.createHistoryRecorder({
      store: `sqlite:${path.join(folder, `steady-${steadyRecorders.size}.db`)}`,
      spoolFile: path.join(folder, `steady-${steadyRecorders.size}.pending.jsonl`),
      router: 'ab-steady',
      strategies: options.strategies,
      thread: 'worker',
      workerScript: path.join(dist, 'recorder-worker.js'),
      ...(batchEvents ? { batchEvents } : {}),
      ...(batchSize ? { batchSize } : {}),
    })
    steadyRecorders.set(key, recorder)
  }
  const before = recorder.counters().written
  const c0 = threadCpu()
  const n = simulate({
    ...options,
    startAt: Date.UTC(2026, 0, 5) + steadyDays++ * 24 * 3600_000,
    explanations: recorder.explanations,
    record: recorder.record,
    onComplete: (interaction, at) => recorder.completed(interaction, at),
  }).offered
  await recorder.flush()
  const c1 = threadCpu()
  const c = recorder.counters()
  if (c.pending !== 0 || c.dropped !== 0 || c.failures !== 0 || c.written === before)
    throw new Error(`records not written: ${JSON.stringify(c)}`)
  lastRouted = n
  return n / ((c1 - c0) / 1000)
}

const names = modesArg.split(',')
const builds = new Map()
const runs = []
for (const name of names) {
  const [modeBatch, build = 'dist'] = name.split('@')
  const [mode, batch] = modeBatch.split('#')
  if (!modes[mode]) throw new Error(`no mode ${mode}: ${Object.keys(modes).join(', ')}`)
  if (!builds.has(build)) builds.set(build, await historyBuild(build))
  runs.push({ name, run: () => modes[mode](builds.get(build), batch) })
}
const rates = Object.fromEntries(names.map((m) => [m, []]))
const processRates = Object.fromEntries(names.map((m) => [m, []]))
const rounds = Number(roundsArg)
try {
  // a round to warm up (the JIT, the batch slots' pages), not counted
  for (const { run } of runs) await run()
  // every other round in reverse order: neither mode always runs right after the other
  for (round = 1; round <= rounds; round++)
    for (const { name, run } of round % 2 ? [...runs].reverse() : runs) {
      const p0 = processCpu()
      rates[name].push(await run())
      // every thread's CPU (the cold sqlite mode's includes its recorder's start and end)
      processRates[name].push(lastRouted / ((processCpu() - p0) / 1000))
    }
} finally {
  for (const recorder of steadyRecorders.values()) await recorder.close()
  rmSync(folder, { recursive: true, force: true })
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const first = names[0]
for (const name of names) {
  const ratios = rates[name].map((r, i) => r / rates[first][i])
  console.log(
    `${name.padEnd(16)} ${median(rates[name]).toFixed(0).padStart(8)} /s  / ${first} ${median(ratios).toFixed(3)}  (${ratios.map((r) => r.toFixed(2)).join(' ')})`,
  )
  const whole = processRates[name].map((r, i) => r / processRates[first][i])
  console.log(
    `${''.padEnd(16)} ${median(processRates[name]).toFixed(0).padStart(8)} /s process CPU, every thread  / ${first} ${median(whole).toFixed(3)}`,
  )
}
