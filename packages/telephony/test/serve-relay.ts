// An HTTP relay on loopback in front of routewright serve that answers 503 to the requests a test picks: the
// desktop's upstream failing (serve restarting) for one kind of request while the rest pass; or that lets a test act
// just before one request reaches serve (a change landing between a host's read and its write); or that changes
// serve's answers (an older serve's); or that holds requests until released (how many reach serve at once); and that
// keeps what it was sent.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ServeRelay {
  /** `http://127.0.0.1:<port>`: give it as the desktop's serveUrl. */
  url: string
  /**
   * Answers 503 `serve is restarting` (with `headers`: serve's retry-after) to what `which` picks, from now on;
   * `() => false` lets everything through.
   */
  refuse(which: (method: string, url: string) => boolean, headers?: Record<string, string>): void
  /** Runs `action` once, before the first request `which` picks (by method, URL and body) is passed on to serve. */
  before(which: (method: string, url: string, body: string) => boolean, action: () => Promise<void>): void
  /**
   * Holds what `which` picks from now on before it reaches serve, until `release()` passes every one held on (and
   * those after it): `held()` is the URLs of those waiting, what a desktop is asking serve at once.
   */
  hold(which: (method: string, url: string) => boolean): { held(): string[]; release(): void }
  /** Passes serve's answers to what `which` picks through `change` from now on (an older serve's answer). */
  answer(
    which: (method: string, url: string) => boolean,
    change: (answer: RelayedAnswer) => RelayedAnswer,
  ): void
  /** The requests passed on to serve so far, in order: `PUT /v1/agents/ann/state {"state":"ready"}`. */
  sent(): string[]
  close(): Promise<void>
}

export interface RelayedAnswer {
  status: number
  body: string
}

export async function startServeRelay(serveUrl: string): Promise<ServeRelay> {
  let refusing: (method: string, url: string) => boolean = () => false
  let refusalHeaders: Record<string, string> = {}
  let first:
    | { which: (method: string, url: string, body: string) => boolean; action: () => Promise<void> }
    | undefined
  let changing: {
    which: (method: string, url: string) => boolean
    change: (a: RelayedAnswer) => RelayedAnswer
  } = { which: () => false, change: (a) => a }
  let holding:
    | { which: (method: string, url: string) => boolean; waiting: Map<() => void, string> }
    | undefined
  const sent: string[] = []
  const relay = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      if (refusing(req.method ?? 'GET', req.url ?? '/'))
        return res.writeHead(503, refusalHeaders).end(JSON.stringify({ error: 'serve is restarting' }))
      const held = holding
      if (held?.which(req.method ?? 'GET', req.url ?? '/'))
        await new Promise<void>((go) => held.waiting.set(go, req.url ?? '/'))
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
      const picked = first
      if (picked?.which(req.method ?? 'GET', req.url ?? '/', body?.toString('utf8') ?? '')) {
        first = undefined
        await picked.action()
      }
      sent.push(`${req.method} ${req.url}${body === undefined ? '' : ` ${body.toString('utf8')}`}`)
      const answer = await fetch(`${serveUrl}${req.url}`, {
        method: req.method ?? 'GET',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
      })
      let relayed: RelayedAnswer = { status: answer.status, body: await answer.text() }
      if (changing.which(req.method ?? 'GET', req.url ?? '/')) relayed = changing.change(relayed)
      res.writeHead(relayed.status, { 'content-type': 'application/json' }).end(relayed.body)
    })
  })
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    refuse(which, headers = {}) {
      refusing = which
      refusalHeaders = headers
    },
    before(which, action) {
      first = { which, action }
    },
    hold(which) {
      const held = { which, waiting: new Map<() => void, string>() }
      holding = held
      return {
        held: () => [...held.waiting.values()],
        release() {
          if (holding === held) holding = undefined
          for (const go of held.waiting.keys()) go()
          held.waiting.clear()
        },
      }
    },
    answer(which, change) {
      changing = { which, change }
    },
    sent: () => [...sent],
    async close() {
      relay.closeAllConnections()
      await new Promise((resolve) => relay.close(resolve))
    },
  }
}
