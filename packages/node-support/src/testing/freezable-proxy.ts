// A TCP proxy to a real server that can stop forwarding on command: the server, or the network to it, going silent
// after the connection was made (a partition, a stuck backend). Tests of query time limits put it before PostgreSQL.
import net from 'node:net'

export interface FreezableProxy {
  /** `127.0.0.1:PORT`, to put in place of the server's host and port. */
  readonly at: string
  readonly port: number
  /** Stops forwarding both ways, on the open connections and on new ones: what is sent waits in the proxy. */
  freeze(): void
  /**
   * Freezes as the client sends bytes holding `text` (a statement's words), that chunk held with the rest: the
   * server never sees it until a thaw. Resolves when it froze.
   */
  freezeWhen(text: string): Promise<void>
  /**
   * Forwards again, what waited first. A server that closed meanwhile closes the client's side now, after what it
   * sent; a client that closed meanwhile took its connection with it, and what it sent is gone.
   */
  thaw(): void
  /** Connections open now (the client's side). */
  open(): number
  /** Drops every connection and stops listening. */
  close(): Promise<void>
}

/** One client's connection and its server side, with what each sent while frozen. */
interface Pair {
  client: net.Socket
  upstream: net.Socket
  toServer: Buffer[]
  toClient: Buffer[]
  /** The server closed while frozen: the client hears of it at the thaw, as a partition holds a FIN too. */
  serverClosed: boolean
}

/** Listens on a free loopback port and forwards each connection to `target` (`host:port`) until frozen. */
export async function startFreezableProxy(target: string): Promise<FreezableProxy> {
  const [host = '127.0.0.1', port = '0'] = target.split(/:(?=\d+$)/)
  const pairs = new Set<Pair>()
  let frozen = false
  let trigger: { text: string; froze: () => void } | undefined

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), host)
    const pair: Pair = { client, upstream, toServer: [], toClient: [], serverClosed: false }
    pairs.add(pair)
    client.on('data', (chunk: Buffer) => {
      if (!frozen && trigger && chunk.includes(trigger.text)) {
        frozen = true
        trigger.froze()
        trigger = undefined
      }
      if (frozen) pair.toServer.push(chunk)
      else upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      if (frozen) pair.toClient.push(chunk)
      else client.write(chunk)
    })
    // one side gone: the other follows (a partition's server keeps its session; ours ends it, so nothing leaks)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    for (const socket of [client, upstream]) socket.on('error', () => {})
    client.on('close', end)
    // frozen, the server ending the session (its idle_in_transaction_session_timeout) waits for the thaw too: over a
    // partition the client hears nothing and its own time limit fires, not a connection end
    upstream.on('close', () => {
      if (!pairs.has(pair)) return
      if (frozen) pair.serverClosed = true
      else end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const listening = (server.address() as net.AddressInfo).port
  return {
    at: `127.0.0.1:${listening}`,
    port: listening,
    freeze() {
      frozen = true
    },
    freezeWhen(text) {
      return new Promise((froze) => {
        trigger = { text, froze }
      })
    },
    thaw() {
      frozen = false
      trigger = undefined
      for (const pair of pairs) {
        if (!pair.serverClosed) for (const chunk of pair.toServer.splice(0)) pair.upstream.write(chunk)
        for (const chunk of pair.toClient.splice(0)) pair.client.write(chunk)
        // after what the server sent (its FATAL), as its FIN would arrive
        if (pair.serverClosed) pair.client.end()
      }
    },
    open: () => pairs.size,
    async close() {
      for (const pair of pairs) pair.client.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
