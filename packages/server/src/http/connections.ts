// A server's stop that waits only for answers in flight. Node counts a connection that has not yet sent a request as
// active (for its headers timeout), so server.close() and closeIdleConnections() leave a client's spare keep-alive
// connection open until the client's own idle timer closes it (undici's 4 s): the stop waited that long for nothing.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface ConnectionDrain {
  /**
   * Stops taking connections and ends them: at once when nothing is in flight on them, otherwise as soon as their
   * answers are sent (answered `Connection: close`); all of them after `graceMs`. Resolves once the server closed.
   */
  close(graceMs: number): Promise<void>
}

/** Counts each connection's requests in flight (its request listener runs first, so an answer sent at once counts). */
export function trackConnections(server: Server): ConnectionDrain {
  // answers not yet sent, per open connection (pipelined requests have one each)
  const inFlight = new Map<Socket, Set<ServerResponse>>()
  let closing = false
  const end = (socket: Socket) => {
    // what was written still goes out; the client sees the connection end after the answer
    socket.end(() => socket.destroy())
  }
  // an answer whose head is still to be written tells the client not to send another request here
  const last = (res: ServerResponse) => {
    if (!res.headersSent) res.shouldKeepAlive = false
  }
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, new Set())
    socket.once('close', () => inFlight.delete(socket))
  })
  // one listener for every answer (a response closes once): a closure and a once-wrapper per request were garbage
  function answered(this: ServerResponse) {
    const socket = this.req.socket
    const answers = inFlight.get(socket)
    if (!answers) return
    answers.delete(this)
    if (closing && answers.size === 0) end(socket)
  }
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const answers = inFlight.get(req.socket)
    if (!answers) return
    answers.add(res)
    if (closing) last(res)
    res.on('close', answered)
  })
  return {
    close(graceMs) {
      closing = true
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const [socket, answers] of inFlight) {
        if (answers.size === 0) end(socket)
        else for (const res of answers) last(res)
      }
      // a request that outlasts the grace is cut
      const timer = setTimeout(() => server.closeAllConnections(), graceMs)
      return stopped.finally(() => clearTimeout(timer))
    },
  }
}
