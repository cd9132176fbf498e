// An HTTP relay on loopback in front of routewright serve that answers 503 to the requests a test picks: the
// desktop's upstream failing (serve restarting) for one kind of request while the rest pass; or that lets a test act
// just before one request reaches serve (a change landing between a host's read and its write).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ServeRelay {
  /** `http://127.0.0.1:<port>`: give it as the desktop's serveUrl. */
  url: string
  /** Answers 503 `serve is restarting` to what `which` picks, from now on; `() => false` lets everything through. */
  refuse(which: (method: string, url: string) => boolean): void
  /** Runs `action` once, before the first request `which` picks (by method, URL and body) is passed on to serve. */
  before(which: (method: string, url: string, body: string) => boolean, action: () => Promise<void>): void
  close(): Promise<void>
}

export async function startServeRelay(serveUrl: string): Promise<ServeRelay> {
  let refusing: (method: string, url: string) => boolean = () => false
  let first:
    | { which: (method: string, url: string, body: string) => boolean; action: () => Promise<void> }
    | undefined
  const relay = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      if (refusing(req.method ?? 'GET', req.url ?? '/'))
        return res.writeHead(503).end(JSON.stringify({ error: 'serve is restarting' }))
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
      const picked = first
      if (picked?.which(req.method ?? 'GET', req.url ?? '/', body?.toString('utf8') ?? '')) {
        first = undefined
        await picked.action()
      }
      const answer = await fetch(`${serveUrl}${req.url}`, {
        method: req.method ?? 'GET',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
      })
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text())
    })
  })
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    refuse(which) {
      refusing = which
    },
    before(which, action) {
      first = { which, action }
    },
    async close() {
      relay.closeAllConnections()
      await new Promise((resolve) => relay.close(resolve))
    },
  }
}
