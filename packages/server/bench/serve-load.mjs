// The host side of the serve latency benchmark, in its own small Node process (plain JavaScript, so no transform and
// no test runner share its event loop or heap): submits interactions at a fixed rate over keep-alive connections and
// times each one from just before its request is written to the chunk carrying its `routed` event on the SSE stream.
// Usage: node serve-load.mjs '{"url":"http://127.0.0.1:8380","count":3000,"rate":1000,"strategy":"support"}'
// Prints one JSON line: { latencies (ms, in submit order), statuses, clientCpuMs, seconds }.
import { Agent, get, request } from 'node:http'

const { url, count, rate, strategy, timeoutMs = 30_000 } = JSON.parse(process.argv[2] ?? '{}')
if (typeof url !== 'string' || !(count > 0) || !(rate > 0) || typeof strategy !== 'string') {
  process.stderr.write('serve-load: pass {"url","count","rate","strategy"} as one JSON argument\n')
  process.exit(2)
}

// a host's bounded pool of keep-alive connections, Nagle off like the server's
const pool = new Agent({ keepAlive: true, maxSockets: 64, noDelay: true })
const sentAt = new Float64Array(count).fill(Number.NaN)
const latencies = new Float64Array(count).fill(Number.NaN)
const statuses = {}
let received = 0
let answered = 0
let finished = false

function fail(message) {
  if (finished) return
  process.stderr.write(`serve-load: ${message}\n`)
  process.exit(1)
}

/** Opens the event stream; resolves once the server has answered it, so no routed event can be missed. */
function openStream(onRouted) {
  return new Promise((resolve, reject) => {
    const req = get(`${url}/v1/events`, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`GET /v1/events answered ${res.statusCode}`))
      res.setEncoding('utf8')
      let buffer = ''
      res.on('data', (chunk) => {
        const at = performance.now()
        buffer += chunk
        let start = 0
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n', start)) {
          const block = buffer.slice(start, end)
          start = end + 2
          if (!block.includes('\nevent: routed\n')) continue
          const data = JSON.parse(block.slice(block.indexOf('\ndata: ') + 7))
          onRouted(data.interaction, at)
        }
        buffer = buffer.slice(start)
      })
      res.on('error', () => {})
      resolve(req)
    })
    req.on('error', reject)
  })
}

function submit(i) {
  const body = `{"id":"i${i}","strategy":${JSON.stringify(strategy)}}`
  sentAt[i] = performance.now()
  const req = request(
    `${url}/v1/interactions`,
    {
      method: 'POST',
      agent: pool,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    },
    (res) => {
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1
      res.resume()
      if (++answered === count && received === count) finish()
    },
  )
  req.on('error', (error) => fail(`submit i${i}: ${error.message}`))
  req.end(body)
}

let finish = () => {}
const allRouted = new Promise((resolve) => {
  finish = resolve
})
const stream = await openStream((id, at) => {
  const i = Number(id.slice(1))
  if (!(i >= 0 && i < count) || !Number.isNaN(latencies[i])) return
  latencies[i] = at - sentAt[i]
  if (++received === count && answered === count) finish()
}).catch((error) => fail(error.message))

const cpuBefore = process.cpuUsage()
const started = performance.now()
// open loop: interaction i is due at started + i / rate; a late timer sends what is due at once, timed from then
let next = 0
await new Promise((resolve) => {
  const tick = () => {
    const now = performance.now()
    while (next < count && started + (next * 1000) / rate <= now) submit(next++)
    if (next === count) resolve()
    else setTimeout(tick, Math.max(0, started + (next * 1000) / rate - performance.now()))
  }
  tick()
})
const timer = setTimeout(() => finish(), timeoutMs)
await allRouted
clearTimeout(timer)
finished = true
const seconds = (performance.now() - started) / 1000
const cpu = process.cpuUsage(cpuBefore)
stream.destroy()
pool.destroy()
process.stdout.write(
  `${JSON.stringify({
    latencies: Array.from(latencies, (l) => (Number.isNaN(l) ? null : l)),
    statuses,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    seconds,
  })}\n`,
)
