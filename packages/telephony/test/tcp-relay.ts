// A TCP relay on loopback between the bridge and Kamailio's evapi port that a test severs: a real dropped
// connection (both ends see it close) while Kamailio keeps its calls, unlike a restart.
import { connect, createServer, type Socket } from 'node:net'
import { waitFor } from '../src/index.ts'

export interface TcpRelay {
  port: number
  /** Connections made through the relay so far. */
  accepted(): number
  /**
   * Closes every connection through it; with `refuse`, it stops listening (dials are refused) until restore(). With
   * `keepUpstream` only the dialler's side closes: Kamailio's stays open, sending into nothing, as a connection whose
   * peer went silent does until TCP gives up on it (Kamailio still counts it), until closeKept().
   */
  sever(options?: { refuse?: boolean; keepUpstream?: boolean }): Promise<void>
  /**
   * Stops carrying what the diallers send on their open connections (read and dropped), as a connection that died
   * without a word: their writes succeed and never arrive. What the target sends still arrives, until sever().
   */
  stall(): void
  /**
   * Stops carrying what the target sends on the open connections (read and dropped): its events are lost while the
   * diallers' writes still arrive, until sever().
   */
  deafen(): void
  /** Keeps back what the target sends on the open connections (its events late, not lost), until letThrough(). */
  holdBack(): void
  /** Sends on what holdBack() kept, and what the target sends from now on. */
  letThrough(): void
  /** Closes the target's side of the connections sever({ keepUpstream }) kept open. */
  closeKept(): void
  /** Listens again on the same port. */
  restore(): Promise<void>
  close(): Promise<void>
}

/** True once something accepts a connection on `port`. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = connect({ host, port }, () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => resolve(false))
  })

/**
 * Starts relaying once the target accepts: a relay accepts at once, so a bridge let in before Kamailio listens
 * would see a connection dropped at the start.
 */
export async function startTcpRelay(targetPort: number, host = '127.0.0.1'): Promise<TcpRelay> {
  await waitFor(`port ${targetPort} to accept`, () => accepts(host, targetPort), 30_000)
  const open = new Set<Socket>()
  /** Each dialler's socket and its connection to the target. */
  const pairs = new Map<Socket, Socket>()
  const kept = new Set<Socket>()
  let accepted = 0
  const server = createServer((client) => {
    accepted++
    const upstream = connect({ host, port: targetPort })
    pairs.set(client, upstream)
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(a)
      a.pipe(b)
      a.on('error', () => b.destroy())
      a.on('close', () => {
        open.delete(a)
        pairs.delete(client)
        // a kept upstream outlives its dialler (sever's keepUpstream)
        if (!kept.has(b)) b.destroy()
      })
    }
  })
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, host, resolve))
  const stopListening = () =>
    new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))
  await listen(0)
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    port,
    accepted: () => accepted,
    async sever(options) {
      // stop listening first: server.close() waits for nothing once the open connections are gone
      const stopped = options?.refuse ? stopListening() : Promise.resolve()
      if (options?.keepUpstream)
        for (const [client, upstream] of pairs) {
          kept.add(upstream)
          upstream.unpipe(client)
          // what the target still sends goes nowhere, as to a peer gone silent
          upstream.resume()
          client.destroy()
        }
      else for (const socket of open) socket.destroy()
      await stopped
    },
    stall() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream)
        client.resume()
      }
    },
    deafen() {
      for (const [client, upstream] of pairs) {
        upstream.unpipe(client)
        upstream.resume()
      }
    },
    holdBack() {
      for (const [client, upstream] of pairs) {
        upstream.unpipe(client)
        upstream.pause()
      }
    },
    letThrough() {
      // pipe() resumes the paused socket: what it buffered goes first
      for (const [client, upstream] of pairs) upstream.pipe(client)
    },
    closeKept() {
      for (const upstream of kept) upstream.destroy()
      kept.clear()
    },
    restore: () => (server.listening ? Promise.resolve() : listen(port)),
    close() {
      for (const socket of [...open, ...kept]) socket.destroy()
      return stopListening()
    },
  }
}
