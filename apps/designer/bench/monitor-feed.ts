// A synthetic serve for the Monitor benchmark: the K2 snapshot endpoints for a large centre (20 queues, 400
// agents) and an SSE stream emitting queued / routed / finished cycles at a set rate, plus serve's monitor-live
// event (live node entries that moved, waits per queue) every 250 ms while traffic runs, with CORS for the designer.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { agentBucket } from '@routewright/server'

export interface MonitorFeed {
  url: string
  /** Events per second from now on (0 pauses). */
  setRate(perSecond: number): void
  /** Events written to the stream so far. */
  sent(): number
  close(): Promise<void>
}

const QUEUES = Array.from({ length: 20 }, (_, i) => `group:g${i}`)
const AGENTS = Array.from({ length: 400 }, (_, i) => ({
  id: `agent${String(i).padStart(3, '0')}`,
  group: `g${i % 20}`,
}))
const STATES = ['ready', 'busy', 'not-ready', 'after-call-work'] as const

function snapshot(at: number, tick: number, liveNodes: Record<string, number>, liveSeq: number) {
  return {
    at,
    windowSeconds: 900,
    serviceLevelSeconds: 20,
    queues: QUEUES.map((id, i) => ({
      id,
      waiting: 0,
      oldestWaitingSeconds: 0,
      offered: 100 + tick + i,
      answered: 90 + tick,
      abandoned: 5,
      serviceLevel: 0.7 + ((tick + i) % 10) / 40,
      asa: 10 + ((tick * 3 + i) % 20),
    })),
    groups: QUEUES.map((q) => ({
      id: q.slice(6),
      agents: { ready: 5, busy: 10, reserved: 1, notReady: 2, afterCallWork: 2, loggedOut: 0 },
      waiting: 0,
    })),
    agents: AGENTS.map((a, i) => {
      const agent = {
        state: STATES[(i + tick) % STATES.length]!,
        load: { voice: (i + tick) % 2 },
        reserved: 0,
      }
      return { id: a.id, ...agent, groups: [a.group], bucket: agentBucket(agent) }
    }),
    nodes: {},
    liveNodes: { ...liveNodes },
    liveSeq,
    alarms: [],
  }
}

/** `nodes`: node ids of the strategy the designer shows, so the canvas overlay moves too. */
export async function startMonitorFeed(strategy: string, nodes: readonly string[]): Promise<MonitorFeed> {
  const streams = new Set<ServerResponse>()
  let rate = 0
  let sent = 0
  let id = 0
  let tick = 0
  let interaction = 0
  // serve's live figures as the traffic moves them: entries per node, and who waits for which queue since when
  const liveNodes: Record<string, number> = {}
  const moved = new Set<string>()
  const waits = new Map<string, Map<string, number>>(QUEUES.map((q) => [q, new Map()]))
  let liveSeq = 0
  /** queued, routed, finished in turn (monitor-live events do not move the cycle). */
  let steps = 0
  const send = (event: Record<string, unknown>) => {
    id++
    sent++
    const frame = `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`
    for (const res of streams) res.write(frame)
  }
  const server: Server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*')
    const path = new URL(req.url ?? '/', 'http://feed').pathname
    const json = (body: unknown) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(body))
    }
    if (path === '/v1/monitor') return json(snapshot(Date.now(), tick++, liveNodes, liveSeq))
    if (path === '/v1/alarms') return json({ active: [], recent: [] })
    if (path === '/v1/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      res.write('retry: 1000\n\n')
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }
    res.statusCode = 404
    res.end()
  })
  // a 10 ms pacer: each tick sends what the rate owes for the time since the last one (a loaded machine fires it
  // late: counting ticks instead sent about 120 of the 200 events a second), so bursts stay small and even
  let owed = 0
  let lastTick = performance.now()
  let lastLive = lastTick
  const pacer = setInterval(() => {
    const now = performance.now()
    owed += (rate * (now - lastTick)) / 1000
    lastTick = now
    while (owed >= 1) {
      owed--
      const n = interaction
      const step = steps++ % 3
      const base = { interaction: `i${n}`, at: Date.now(), version: 'bench', strategy }
      const node = nodes[n % nodes.length] ?? 'start'
      const queue = QUEUES[n % QUEUES.length]!
      if (step === 0) {
        const key = `${strategy}/${node}`
        liveNodes[key] = (liveNodes[key] ?? 0) + 1
        moved.add(key)
        waits.get(queue)!.set(base.interaction, base.at)
        send({ ...base, type: 'queued', node, priority: 0, targets: [queue] })
      } else if (step === 1) {
        waits.get(queue)!.delete(base.interaction)
        send({
          ...base,
          type: 'routed',
          node,
          target: queue,
          agent: AGENTS[n % AGENTS.length]!.id,
          reservation: `r${n}`,
          priority: 0,
          explanation: {},
        })
      } else {
        send({ ...base, type: 'finished', outcome: 'routed' })
        interaction++
      }
    }
    if (now - lastLive >= 250 && moved.size > 0) {
      lastLive = now
      const at = Date.now()
      const waiting = [...waits]
        .filter(([, who]) => who.size > 0)
        .map(([id, who]) => ({
          id,
          waiting: who.size,
          oldestWaitingSeconds: (at - Math.min(...who.values())) / 1000,
        }))
      send({
        type: 'monitor-live',
        at,
        seq: ++liveSeq,
        liveNodes: Object.fromEntries([...moved].map((key) => [key, liveNodes[key]])),
        waiting,
      })
      moved.clear()
    }
  }, 10)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    setRate: (perSecond) => {
      rate = perSecond
    },
    sent: () => sent,
    close: () =>
      new Promise((resolve) => {
        clearInterval(pacer)
        for (const res of streams) res.end()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
