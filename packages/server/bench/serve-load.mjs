// The host side of the serve latency benchmark, in its own small Node process (plain JavaScript: no transform, and
// no test runner sharing its event loop or heap). Like wrk or autocannon it speaks HTTP/1.1 over keep-alive sockets
// itself (a few microseconds per request, where node:http's client costs a tenth of a millisecond that the server
// would lose on a 2-core machine): it submits interactions at a fixed rate and times each from just before its
// request is written to the arrival of the bytes carrying its `routed` event on the SSE stream. `warmup` interactions
// (ids w0, w1 ...) go first at the same rate, untimed: the server's code is compiled and the connections are open, as
// in a server that has been running, before the `count` timed ones (i0, i1 ...).
// With "finish": true each routed interaction is then confirmed and completed over HTTP (POST .../confirm, then
// .../complete, as the agent's desktop would), within its phase, so every interaction finishes; with "pid" the
// server's CPU is read from /proc/<pid>/stat (utime+stime, every thread) instead of its /metrics.
// With "batch": true the requests a busy platform has at hand in one turn of its event loop (submits due in the same
// millisecond, the confirms of routed events that arrived together, the completes of confirms answered together) go
// as one POST /v1/commands, a lone one as its single request; `requests` counts the HTTP requests of the timed run.
// Its own lag is reported beside (`loop`): the delay of its event loop over the timed run and how late each submit
// was written after it was due (`sendLate`), so a reader can tell a slow server from a load generator that fell behind,
// and its own GC in the timed run (`gc`: pauses, major ones, longest, total ms). It is the measuring instrument: run
// with `--expose-gc` (runLoad's LOADER_NODE_FLAGS) it collects the warm-up's garbage before the timed run, and with a
// young generation that holds the timed run's allocation none of its GC need fall inside (`collectedBefore` says so).
// Usage: node serve-load.mjs '{"url":"http://127.0.0.1:8380","count":3000,"warmup":300,"rate":1000,"strategy":"support"}'
// Prints one JSON line: { latencies (ms, in submit order, from each write; dueLatencies: from when each was due), statuses, finished, clientCpuMs, serverCpuMs, seconds, loop, gc } of
// the timed run; serverCpuMs from the server's /metrics (or /proc).
import { readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'
import { DEFAULT_KEEP_ALIVE_MS, keepAliveHintMs, staleIdleCount } from './keep-alive-idle.mjs'

const {
  url,
  count,
  rate,
  strategy,
  warmup = 0,
  timeoutMs = 30_000,
  maxSockets = 64,
  finish = false,
  batch = false,
  pid,
} = JSON.parse(process.argv[2] ?? '{}')
if (typeof url !== 'string' || !(count > 0) || !(rate > 0) || typeof strategy !== 'string') {
  process.stderr.write('serve-load: pass {"url","count","rate","strategy"} as one JSON argument\n')
  process.exit(2)
}
const { hostname, port } = new URL(url)
const hostHeader = `${hostname}:${port}`
/** The strategy as JSON, once: each submit's body has it. */
const strategyJson = JSON.stringify(strategy)
const sentAt = new Float64Array(count).fill(Number.NaN)
/** When each timed submit was due on the open-loop schedule: a submit waiting for a free connection waits from then. */
const dueAt = new Float64Array(count).fill(Number.NaN)
const dueLatencies = new Float64Array(count).fill(Number.NaN)
const latencies = new Float64Array(count).fill(Number.NaN)
/** This process's own event-loop delay over the timed run: a submit or routed event it was late to see counts here. */
const loopDelay = monitorEventLoopDelay({ resolution: 1 })
/** This process's own GC pauses: [start, ms, PerformanceObserver's kind: 1 minor, 2 major, 4 incremental, 8 weak callbacks]. */
const gcPauses = []
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    gcPauses.push([entry.startTime, entry.duration, entry.detail?.kind ?? 0])
}).observe({ entryTypes: ['gc'] })
const statuses = {}
/** The phase running: its id prefix, size, routed events (each interaction's first) and answers counted so far. */
let phase = {
  prefix: 'w',
  size: warmup,
  received: 0,
  routed: new Uint8Array(warmup),
  answered: 0,
  finished: 0,
  done: () => {},
}
/** Whether the phase has all its answers, routed events and (with `finish`) completions. */
const complete = () =>
  phase.answered === phase.size && phase.received === phase.size && (!finish || phase.finished === phase.size)
/** Interactions completed in the timed phase. */
let finishedTimed = 0
let finished = false
/** HTTP requests written in the timed phase. */
let requests = 0

function fail(message) {
  if (finished) return
  process.stderr.write(`serve-load: ${message}\n`)
  process.exit(1)
}

function open() {
  const socket = connect({ host: hostname, port: Number(port), noDelay: true })
  socket.on('error', (error) => fail(`connection: ${error.message}`))
  return socket
}

/** The head of an HTTP response at the start of `text` (latin1: one char per byte), once complete. */
function readHead(text) {
  const end = text.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const head = text.slice(0, end)
  const length = /\r\ncontent-length: *(\d+)/i.exec(head)
  return {
    status: Number(head.slice(9, 12)),
    length: length ? Number(length[1]) : undefined,
    chunked: /\r\ntransfer-encoding: *chunked/i.test(head),
    keepAliveMs: keepAliveHintMs(head),
    bodyAt: end + 4,
  }
}

// keep-alive connections, one request in flight on each (no pipelining), at most maxSockets, like a host's pool;
// the last one let go is taken first, so idle[0] has been idle longest
const idle = []
const backlog = []
let sockets = 0
/** The server's keep-alive timeout, from its responses' Keep-Alive hint. */
let keepAliveMs = DEFAULT_KEEP_ALIVE_MS

function connection() {
  const socket = open()
  sockets++
  // the server closes a connection idle for its keep-alive timeout: fine unless a request was on it
  socket.on('close', () => {
    if (socket.retired) return
    sockets--
    const at = idle.indexOf(socket)
    if (at >= 0) idle.splice(at, 1)
    else fail('the server closed a connection with a request in flight')
  })
  let text = ''
  socket.on('data', (chunk) => {
    text += chunk.toString('latin1')
    const head = readHead(text)
    if (!head) return
    if (head.length === undefined) fail(`a response without content-length: ${text.slice(0, 200)}`)
    keepAliveMs = head.keepAliveMs ?? keepAliveMs
    if (text.length < head.bodyAt + head.length) return
    if (text.length > head.bodyAt + head.length) fail('bytes after a response with no request in flight')
    const job = socket.job
    if (Array.isArray(job)) {
      if (head.status !== 200)
        fail(`a batch answered ${head.status}: ${text.slice(head.bodyAt, head.bodyAt + 200)}`)
      const { results } = JSON.parse(text.slice(head.bodyAt))
      text = ''
      for (let i = 0; i < job.length; i++) answered(job[i], results[i].status)
    } else {
      text = ''
      answered(job, head.status)
    }
    if (complete()) phase.done()
    const next = backlog.shift()
    if (next === undefined) {
      socket.idleSince = performance.now()
      idle.push(socket)
    } else write(socket, next)
  })
  return socket
}

/** Counts the answer to one submit or command, and sends what it leads to (a confirmed one's complete). */
function answered(job, status) {
  if (typeof job === 'number') {
    if (phase.prefix === 'i') statuses[status] = (statuses[status] ?? 0) + 1
    else if (status !== 201) fail(`a warm-up submit answered ${status}`)
    phase.answered++
  } else if (status !== 200) fail(`${job.command} ${job.id} answered ${status}`)
  else if (job.command === 'confirm') submit({ command: 'complete', id: job.id })
  else {
    phase.finished++
    if (phase.prefix === 'i') finishedTimed++
  }
}

/** A submit or command as one command of a batch. */
function command(job) {
  return typeof job === 'number'
    ? `{"op":"submit","id":"${phase.prefix}${job}","strategy":${strategyJson}}`
    : `{"op":"${job.command}","id":"${job.id}"}`
}

/** Writes request `job`: a submit (its number in the phase), a command on an interaction, or a list of them. */
function write(socket, job) {
  socket.job = job
  if (phase.prefix === 'i') requests++
  if (Array.isArray(job)) {
    const now = performance.now()
    if (phase.prefix === 'i') for (const one of job) if (typeof one === 'number') sentAt[one] = now
    const body = `{"commands":[${job.map(command).join(',')}]}`
    socket.write(
      `POST /v1/commands HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
    return
  }
  if (typeof job !== 'number') {
    socket.write(
      `POST /v1/interactions/${job.id}/${job.command} HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    )
    return
  }
  const i = job
  const body = `{"id":"${phase.prefix}${i}","strategy":${strategyJson}}`
  if (phase.prefix === 'i') sentAt[i] = performance.now()
  socket.write(
    `POST /v1/interactions HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

/** With `batch`: what this turn of the event loop has to send, sent together once the turn's callbacks ran. */
let gathered = []

/** The most commands one POST /v1/commands takes (the server refuses a larger batch whole). */
const MAX_BATCH = 1000

function flush() {
  const jobs = gathered
  gathered = []
  if (jobs.length === 1) return send(jobs[0])
  // a turn that fell far behind has more at hand than one batch takes
  for (let at = 0; at < jobs.length; at += MAX_BATCH) send(jobs.slice(at, at + MAX_BATCH))
}

function submit(job) {
  if (!batch) return send(job)
  if (gathered.length === 0) setImmediate(flush)
  gathered.push(job)
}

/**
 * Closes the connections idle for about the server's keep-alive timeout: one taken from a burst's backlog as the
 * server closes it met a reset (`connection: read ECONNRESET`, 1 run in 10 with slower replies and more sockets).
 */
function retireStale() {
  const stale = staleIdleCount(idle, performance.now(), keepAliveMs)
  for (const socket of idle.splice(0, stale)) {
    socket.retired = true
    sockets--
    socket.destroy()
  }
}

function send(job) {
  if (idle.length > 0) retireStale()
  const socket = idle.pop() ?? (sockets < maxSockets ? connection() : undefined)
  if (socket) write(socket, job)
  else backlog.push(job)
}

/** Opens the event stream; resolves once the server answered it, so no routed event can be missed. */
function openStream(onRouted) {
  return new Promise((resolve, reject) => {
    const socket = open()
    socket.on('close', () => fail('the server closed the event stream'))
    socket.write(`GET /v1/events HTTP/1.1\r\nHost: ${hostHeader}\r\nAccept: text/event-stream\r\n\r\n`)
    let raw = ''
    let started = false
    /** Bytes still to read of the current chunk (with its closing CRLF); 0 between chunks. */
    let need = 0
    let piece = ''
    let events = ''
    socket.on('data', (chunk) => {
      const at = performance.now()
      raw += chunk.toString('latin1')
      if (!started) {
        const head = readHead(raw)
        if (!head) return
        if (head.status !== 200 || !head.chunked)
          return reject(new Error(`GET /v1/events answered ${raw.slice(0, 200)}`))
        started = true
        raw = raw.slice(head.bodyAt)
        resolve(socket)
      }
      // undo the chunked transfer coding
      for (;;) {
        if (need === 0) {
          const eol = raw.indexOf('\r\n')
          if (eol < 0) break
          need = Number.parseInt(raw.slice(0, eol), 16) + 2
          raw = raw.slice(eol + 2)
          if (need === 2) return fail('the event stream ended')
        }
        const take = Math.min(need, raw.length)
        piece += raw.slice(0, take)
        raw = raw.slice(take)
        need -= take
        if (need > 0) break
        events += piece.slice(0, -2)
        piece = ''
      }
      let start = 0
      for (let end = events.indexOf('\n\n'); end >= 0; end = events.indexOf('\n\n', start)) {
        const block = events.slice(start, end)
        start = end + 2
        if (block.includes('\nevent: reservation-rejected\n')) {
          const rejected = JSON.parse(block.slice(block.indexOf('\ndata: ') + 7))
          if (rejected.timedOut) unconfirmed(rejected)
          continue
        }
        if (!block.includes('\nevent: routed\n')) continue
        // latin1 text of UTF-8 bytes is still valid JSON, and ids here are ASCII
        onRouted(JSON.parse(block.slice(block.indexOf('\ndata: ') + 7)).interaction, at)
      }
      events = events.slice(start)
    })
  })
}

/**
 * A reservation serve took back unconfirmed ends the run: its agent went not-ready and the interaction is routed
 * again to an agent meant for a later submit, so later ones queue (at 250/s a 3,000 + 3,000 run outlasted serve's
 * default 15 s and saw 0 of 3,000 routed), and the re-routing is work the figures would count.
 */
function unconfirmed({ interaction, reason }) {
  fail(
    `serve took back ${interaction}'s reservation (${reason}): ${
      finish
        ? 'its confirm came too late'
        : 'without "finish" nothing confirms, so a run longer than serve\'s reservation timeout re-routes its interactions to the agents of later ones'
    }; start serve with --limits '{"reservationTimeoutMs":<longer than the run>}'`,
  )
}

const stream = await openStream((id, at) => {
  if (!id.startsWith(phase.prefix)) return
  const i = Number(id.slice(1))
  // each interaction's first routed event: one routed again (after a rejection) is not another arrival
  if (!(i >= 0 && i < phase.size) || phase.routed[i] === 1) return
  phase.routed[i] = 1
  if (phase.prefix === 'i') {
    latencies[i] = at - sentAt[i]
    dueLatencies[i] = at - dueAt[i]
  }
  if (finish) submit({ command: 'confirm', id })
  phase.received++
  if (complete()) phase.done()
}).catch((error) => fail(error.message))

/** Submits `size` interactions with ids `prefix0...` at `rate`; resolves when all are answered and routed. */
async function run(prefix, size) {
  const all = new Promise((resolve) => {
    phase = {
      prefix,
      size,
      received: 0,
      routed: new Uint8Array(size),
      answered: 0,
      finished: 0,
      done: resolve,
    }
  })
  const started = performance.now()
  // open loop: interaction i is due at started + i / rate; a late timer sends what is due at once, timed from then
  let next = 0
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now()
      while (next < size && started + (next * 1000) / rate <= now) {
        if (prefix === 'i') dueAt[next] = started + (next * 1000) / rate
        submit(next++)
      }
      if (next === size) resolve()
      else setTimeout(tick, Math.max(0, started + (next * 1000) / rate - performance.now()))
    }
    tick()
  })
  // the timed phase reports what arrived (the bench names what is missing); a warm-up short of it ends the run, as
  // the timed figures would follow it on a server still busy with it, or out of agents
  const timer = setTimeout(() => {
    if (prefix === 'w')
      fail(
        `the warm-up had ${phase.received} of ${size} routed events and ${phase.answered} answers ${timeoutMs} ms after its last submit`,
      )
    phase.done()
  }, timeoutMs)
  await all
  clearTimeout(timer)
  return (performance.now() - started) / 1000
}

/** The server's CPU seconds so far, from /proc/<pid>/stat or its /metrics (read outside the timed run). */
async function serverCpu() {
  if (pid !== undefined) {
    // the fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in ticks
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  }
  const text = await (await fetch(`${url}/metrics`)).text()
  return Number(/^process_cpu_seconds_total (\S+)$/m.exec(text)?.[1])
}

if (warmup > 0) await run('w', warmup)
const serverBefore = await serverCpu()
// with --expose-gc (runLoad passes it): the warm-up's garbage collected now, a full GC not left to fall in the timed run
const collectedBefore = typeof globalThis.gc === 'function'
if (collectedBefore) globalThis.gc()
const cpuBefore = process.cpuUsage()
const faultsBefore = process.resourceUsage().minorPageFault
const timedFrom = performance.now()
loopDelay.enable()
const seconds = await run('i', count)
loopDelay.disable()
const timedTo = performance.now()
const cpu = process.cpuUsage(cpuBefore)
// first touches of fresh memory: a young generation that is never collected touches new pages instead of reusing its own
const pageFaults = process.resourceUsage().minorPageFault - faultsBefore
// the observer hears of a GC a turn later
await new Promise((resolve) => setImmediate(resolve))
const timedGc = gcPauses.filter(([at]) => at >= timedFrom && at <= timedTo)
const serverCpuMs = ((await serverCpu()) - serverBefore) * 1000
finished = true
stream.destroy()
// ROUTEWRIGHT_LOAD_TIMES=<file>: each timed interaction's send and routed-arrival time as epoch ms (bench/submit-stages.mjs)
if (process.env.ROUTEWRIGHT_LOAD_TIMES) {
  const epoch = (at) => (Number.isNaN(at) ? null : performance.timeOrigin + at)
  const times = {}
  for (let i = 0; i < count; i++) times[`i${i}`] = [epoch(sentAt[i]), epoch(sentAt[i] + latencies[i])]
  writeFileSync(process.env.ROUTEWRIGHT_LOAD_TIMES, JSON.stringify(times))
}
for (const socket of idle) socket.destroy()
/** How late each timed submit was written after it was due, sorted (ms). */
const late = Array.from(sentAt, (at, i) => at - dueAt[i])
  .filter((l) => !Number.isNaN(l))
  .sort((a, b) => a - b)
/** The histogram holds each 1 ms timer's whole interval (ns): what it waited beyond the 1 ms is the lag. */
const beyondTick = (ns) => Math.max(0, ns / 1e6 - 1)
const lateAt = (q) =>
  late.length === 0 ? null : late[Math.min(late.length - 1, Math.floor(q * late.length))]
process.stdout.write(
  `${JSON.stringify({
    latencies: Array.from(latencies, (l) => (Number.isNaN(l) ? null : l)),
    // from when each was due: what a server that falls behind costs, whether the wait is in its queue or the client's
    dueLatencies: Array.from(dueLatencies, (l) => (Number.isNaN(l) ? null : l)),
    statuses,
    finished: finishedTimed,
    requests,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    serverCpuMs,
    seconds,
    // the load generator's own lag (ms): its loop's delay beyond the 1 ms sampling, and its submits' send delay
    loop: {
      delayP50: beyondTick(loopDelay.percentile(50)),
      delayP99: beyondTick(loopDelay.percentile(99)),
      delayMax: beyondTick(loopDelay.max),
      sendLateP50: lateAt(0.5),
      sendLateP99: lateAt(0.99),
    },
    // its own GC in the timed run: a pause here delays every routed event it was about to read
    gc: {
      collectedBefore,
      count: timedGc.length,
      major: timedGc.filter(([, , kind]) => kind === 2 || kind === 4).length,
      longestMs: timedGc.reduce((most, [, ms]) => Math.max(most, ms), 0),
      totalMs: timedGc.reduce((sum, [, ms]) => sum + ms, 0),
      pageFaults,
    },
  })}\n`,
  // exit once the line is out: a pipe takes 64 KB at a time, and exiting at once cut a 6,000-interaction report short
  () => process.exit(0),
)
