// What a client leaves open on a serve it is about to stop: an event stream being read and an idle keep-alive
// connection, each on a socket of its own, so a test can see the stop end them.
import { Agent, get } from 'node:http'
import type { Socket } from 'node:net'

export interface OpenConnections {
  /** Resolves once the server ended both connections. */
  ended: Promise<void>
  /** Ends what the server left open (a test's clean-up). */
  release(): void
}

/** Opens both on `url` (serve's base URL); resolves once the stream answered and the other is idle. */
export async function openStreamAndIdle(url: string): Promise<OpenConnections> {
  const agent = new Agent({ keepAlive: true, maxSockets: 2 })
  const answered = (path: string, read: boolean) =>
    new Promise<Socket>((resolve, reject) => {
      const req = get(`${url}${path}`, { agent }, (res) => {
        res.resume()
        // the stream's socket once its head arrived; the other's once its answer is read (then idle in the agent)
        if (read) res.once('end', () => resolve(socket))
        else resolve(socket)
      }).once('error', reject)
      let socket: Socket
      req.once('socket', (s) => {
        socket = s
      })
    })
  const stream = await answered('/v1/events', false)
  const idle = await answered('/v1/versions', true)
  const closed = (socket: Socket) =>
    new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())))
  return {
    ended: Promise.all([closed(stream), closed(idle)]).then(() => {}),
    release: () => agent.destroy(),
  }
}
