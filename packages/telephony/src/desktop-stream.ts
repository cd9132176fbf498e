// The agent desktop's event stream (SSE): this agent's calls as they ring, connect, move and end (the screen pop),
// and its state per media, so every open desktop of the agent shows the same thing.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CallControl, CallView } from './call-control.ts'
import type { DesktopSessions, SessionEnd } from './desktop-sessions.ts'
import type { StreamEnd } from './desktop-stream-set.ts'
import { every, type Timers } from './timers.ts'

export interface StreamOptions {
  heartbeatMs: number
  /** The timers the heartbeat runs on (DesktopApiOptions.timers). */
  timers: Timers
  /** Bytes a slow client may leave unread before it is cut off (EventSource reconnects and gets a fresh list). */
  maxBufferedBytes: number
}

/** What the desktop shows when its session ended (the stream's last event, `ended`), by why it ended. */
export const SESSION_ENDED: Readonly<Record<SessionEnd, string>> = {
  'logged-out': 'You logged out in this browser.',
  'signed-in-elsewhere': 'You were signed out: a newer login replaced this session.',
}

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
}

/**
 * Answers a stream asked for a session that has ended with only its `ended` event (an EventSource refused with an
 * error status would not say why): the tab shows the notice and stops reconnecting.
 */
export function answerEnded(res: ServerResponse, why: SessionEnd): void {
  res.writeHead(200, STREAM_HEADERS)
  res.end(`event: ended\ndata: ${JSON.stringify({ reason: why, message: SESSION_ENDED[why] })}\n\n`)
}

/** The calls an agent has on the desktop now: offered to them or connected, not ended. */
export function callsOf(calls: CallControl, agent: string): CallView[] {
  return calls.calls().filter((c) => c.agent === agent && c.state !== 'ended' && c.state !== 'queued')
}

/**
 * Streams one agent's calls and states until the client leaves or the returned function is called; called with why
 * the session ended, it sends that first (`ended`: `{ reason, message }`), so the desktop stops reconnecting.
 */
export function openAgentStream(
  req: IncomingMessage,
  res: ServerResponse,
  agent: string,
  deps: { calls: CallControl; sessions: DesktopSessions },
  options: StreamOptions,
): StreamEnd {
  res.writeHead(200, STREAM_HEADERS)
  let closed = false
  const send = (event: string, data: unknown) => {
    if (closed) return
    if (res.writableLength > options.maxBufferedBytes) {
      close()
      return
    }
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }
  // calls shown on this desktop: a call that leaves the agent (transfer, RONA) is sent once more, then forgotten
  const shown = new Set<string>()
  const stopCalls = deps.calls.onCall((call) => {
    const mine = call.agent === agent && call.state !== 'queued'
    if (!mine && !shown.has(call.callId)) return
    if (mine && call.state !== 'ended') shown.add(call.callId)
    else shown.delete(call.callId)
    send('call', call)
  })
  const stopStates = deps.sessions.watch(agent, (media) => send('states', { media }))
  // a wrap-up's start and end (BridgeOptions.wrapUp): the desktop's card, and why it closed
  const stopWrapUps = deps.calls.onWrapUp?.((wrap) => {
    if (wrap.agent === agent) send('wrap-up', wrap)
  })
  const stopHeartbeat = every(options.timers, options.heartbeatMs, () => {
    if (!closed) res.write(': ping\n\n')
  })
  function close(why?: SessionEnd): void {
    if (closed) return
    if (why !== undefined) send('ended', { reason: why, message: SESSION_ENDED[why] })
    // that send may have cut off a client too slow to read it
    if (closed) return
    closed = true
    stopCalls()
    stopStates()
    stopWrapUps?.()
    stopHeartbeat()
    res.end()
  }
  req.on('close', () => close())
  res.write('retry: 1000\n\n')
  const current = callsOf(deps.calls, agent)
  for (const call of current) shown.add(call.callId)
  send('calls', { calls: current })
  send('states', { media: deps.sessions.states(agent) })
  if (deps.calls.wrapUps) send('wrap-ups', { wrapUps: deps.calls.wrapUps(agent) })
  return close
}
