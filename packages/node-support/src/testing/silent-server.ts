// A TCP server that accepts connections and never answers: a blackholed database, a firewall that lets the handshake
// through and drops the rest. Tests of connect timeouts point a client at it.
import net from 'node:net'

export interface SilentServer {
  /** `127.0.0.1:PORT`. */
  readonly at: string
  readonly port: number
  /** How many connections it accepted so far. */
  accepted(): number
  /** Drops every connection and stops listening. */
  close(): Promise<void>
}

/** Listens on a free loopback port; every connection is accepted and left without a byte. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<net.Socket>()
  let accepted = 0
  const server = net.createServer((socket) => {
    accepted++
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as net.AddressInfo
  return {
    at: `127.0.0.1:${port}`,
    port,
    accepted: () => accepted,
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
