// Free loopback ports for servers a process starts (tests, benches, the telephony stack), and polling for a
// condition instead of sleeping.
import { createSocket } from 'node:dgram'
import { createServer } from 'node:net'

// ports handed out by this process: two servers started together never get the same one
const taken = new Set<number>()

/** A port free on `host` for both TCP and UDP (SIP listens on UDP; HTTP, Redis and PostgreSQL on TCP). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer()
      server.once('error', reject)
      server.listen(0, host, () => {
        const address = server.address()
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
      })
    })
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4')
      socket.once('error', () => resolve(false))
      socket.bind(port, host, () => socket.close(() => resolve(true)))
    })
    if (udpFree && !taken.has(port)) {
      taken.add(port)
      return port
    }
  }
  throw new Error(`No free port found on ${host} after 50 tries`)
}

/** Polls `check` until it returns a value other than undefined/false; throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
