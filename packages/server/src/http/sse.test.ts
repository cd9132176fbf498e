// The event stream's socket writes: what one turn of the event loop appends goes out in one write.
import { createServer, get, type Server } from 'node:http'
import { Socket } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EventLog } from '../core/event-log.ts'
import { openEventStream } from './sse.ts'

const OPTIONS = { heartbeatMs: 60_000, maxBufferedBytes: 1 << 20, maxStreams: 4 }
const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

/** A server streaming `log`, and a client reading it: resolves once the stream is open, with what it received. */
async function follow(log: EventLog): Promise<{ received: () => string }> {
  const server: Server = createServer((req, res) => {
    const close = openEventStream(req, res, log, OPTIONS, () => {})
    stops.push(close)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  let text = ''
  await new Promise<void>((resolve, reject) => {
    const req = get(`http://127.0.0.1:${port}/`, (res) => {
      res.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk
        if (text.includes('retry:')) resolve()
      })
    })
    req.on('error', reject)
    stops.push(() => {
      req.destroy()
      server.close()
    })
  })
  return { received: () => text }
}

const routed = (interaction: string) =>
  ({ type: 'routed', interaction, agent: 'ann', at: 0, version: 'v1' }) as unknown as Parameters<
    EventLog['append']
  >[0]

describe('event stream writes', () => {
  it('sends the events of several router calls in one turn as one socket write', async () => {
    const log = new EventLog(100)
    const stream = await follow(log)
    const write = vi.spyOn(Socket.prototype, 'write')
    try {
      // two requests read in one poll: each call's events are appended after the other's microtasks ran
      log.append(routed('a'))
      await Promise.resolve()
      log.append(routed('b'))
      await new Promise((resolve) => setTimeout(resolve, 50))
      const events = write.mock.calls.map(([data]) => String(data)).filter((t) => t.includes('event: routed'))
      expect(events).toHaveLength(1)
      expect(events[0]!.match(/event: routed/g)).toHaveLength(2)
      expect(stream.received()).toMatch(/"interaction":"a"[\s\S]*"interaction":"b"/)
    } finally {
      write.mockRestore()
    }
  })

  it('sends what a turn appended before the stream closes', async () => {
    const log = new EventLog(100)
    const server = createServer()
    let close = () => {}
    server.on('request', (req, res) => {
      close = openEventStream(req, res, log, OPTIONS, () => {})
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    const body = new Promise<string>((resolve, reject) => {
      get(`http://127.0.0.1:${port}/`, (res) => {
        let text = ''
        res.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk
          if (text.includes('retry:') && !text.includes('routed')) {
            // appended and closed in the same turn: the frame is still waiting for the turn's end
            log.append(routed('c'))
            close()
          }
        })
        res.on('end', () => resolve(text))
      }).on('error', reject)
    })
    try {
      expect(await body).toMatch(/event: routed\ndata: \{"type":"routed","interaction":"c"/)
    } finally {
      server.close()
    }
  })
})
