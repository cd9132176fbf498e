// The floor node:http puts under serve's CPU per interaction: a bare server of the submit path's shape (the body read
// and parsed, a 201 JSON reply of the submit view's size, one SSE frame of the routed event's size per submit, written
// once per turn of the event loop), with no router, books, metrics, logs or history. Driven by serve-load.mjs with its
// pid, its CPU per submit beside serve's (bench/serve.bench.ts) in alternation says how much of serve's CPU is
// node:http and the sockets, which no cut in serve's own code can remove.
// Usage: node http-floor.mjs [port]; prints `listening <port>`.
import { createServer } from 'node:http'

const streams = new Set()
let pending = []
let nextId = 1
const flush = () => {
  const chunk = pending.join('')
  pending = []
  for (const res of streams) res.write(chunk)
}
// about the routed decision's explanation serve sends (its candidates), so the texts are of serve's sizes
const candidates = Array.from({ length: 8 }, (_, i) => ({
  agent: `a${i}`,
  score: i,
  idleMs: 1000 * i,
  rule: 'longest-idle',
}))

const server = createServer((req, res) => {
  if (req.url === '/v1/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
    res.socket?.setNoDelay(true)
    res.write('retry: 1000\n\n')
    streams.add(res)
    req.on('close', () => streams.delete(res))
    return
  }
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
    const interaction = body.id ?? req.url?.split('/')[3]
    const at = Date.now()
    const event = {
      type: 'routed',
      interaction,
      agent: 'a1',
      reservation: `r-${interaction}`,
      at,
      version: 'v1',
    }
    if (pending.length === 0) setImmediate(flush)
    pending.push(
      `id: ${nextId++}\nevent: routed\ndata: ${JSON.stringify({ ...event, explanation: { candidates } })}\n\n`,
    )
    const trace = [
      { node: 'pick', at, kind: 'enter' },
      { node: 'pick', at, kind: 'routed', explanation: { candidates } },
    ]
    const text = JSON.stringify({
      id: interaction,
      strategy: 'support',
      state: 'reserved',
      agent: 'a1',
      trace,
      at,
    })
    res.writeHead(201, [
      'content-type',
      'application/json; charset=utf-8',
      'content-length',
      String(Buffer.byteLength(text)),
      'cache-control',
      'no-store',
    ])
    res.end(text)
  })
})
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`)
})
