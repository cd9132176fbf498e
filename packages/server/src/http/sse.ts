// Server-sent events: every event (or those a query's filter keeps) with its id, resumable from Last-Event-ID while the ring still holds it, with a
// heartbeat comment so proxies keep the connection, and a cap on what a slow client may leave unread.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { shortened } from '@routewright/strategy-dsl/cut-text'
import type { EventLog } from '../core/event-log.ts'
import { submitTiming } from '../core/submit-timing.ts'
import { asRouterError, type EventFilter, keeps } from './event-filter.ts'

export interface SseOptions {
  heartbeatMs: number
  /** Bytes a client may leave unread before it is disconnected (it resumes with Last-Event-ID). */
  maxBufferedBytes: number
  /** Streams open at once; more are answered 503. */
  maxStreams: number
}

/** One chunk of HTTP's chunked encoding: the size line, the frames and the closing CRLF in one buffer. */
function chunkOf(frames: Buffer[], size: number): Buffer {
  const head = `${size.toString(16)}\r\n`
  const chunk = Buffer.allocUnsafe(head.length + size + 2)
  let at = chunk.write(head, 0, 'latin1')
  for (const frame of frames) at += frame.copy(chunk, at)
  chunk[at] = 0x0d
  chunk[at + 1] = 0x0a
  return chunk
}

/** The Last-Event-ID a client resumes from: the header, else the `lastEventId` query (a browser's new EventSource). */
function lastEventIdOf(req: IncomingMessage): string | undefined {
  const header = req.headers['last-event-id']
  if (header !== undefined) return Array.isArray(header) ? header[0] : header
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('lastEventId') ?? undefined
}

/**
 * The 400 of a Last-Event-ID that is no event id at all (`-1`, `1e400`, `abc`): every id this server gives is digits,
 * so a client sending another has a bug to hear of, not a fresh stream. Digits too long to be ours (another system's
 * id, 17 digits) are an id this server cannot resume: the stream opens and says events-missed.
 */
export function lastEventIdProblem(req: IncomingMessage): { error: string; code: string } | undefined {
  const text = lastEventIdOf(req)?.trim()
  if (text === undefined || text === '' || /^\d+$/.test(text)) return undefined
  return {
    error: `Last-Event-ID ${JSON.stringify(shortened(text, 40))} is not an event id: send the \`id\` of the last event read, as it came (digits), or none to start from now`,
    code: 'invalid-last-event-id',
  }
}

/** Streams events to one client until it goes away or `close` is called; returns the close function. */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  log: EventLog,
  options: SseOptions,
  onClose: () => void,
  filter?: EventFilter,
  routerError = false,
): () => void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  const resumeText = lastEventIdOf(req)
  const resumeFrom =
    resumeText !== undefined && /^\d{1,16}$/.test(resumeText.trim()) ? Number(resumeText) : undefined
  // a last id that is none of ours (not a number, too long) cannot be resumed: said, never a silent fresh stream
  const unreadableResume = resumeFrom === undefined && resumeText !== undefined && resumeText.trim() !== ''
  // events go out as they happen: no Nagle delay (createServer's default, stated for servers made elsewhere)
  res.socket?.setNoDelay(true)
  res.write('retry: 1000\n\n')
  let closed = false
  let unsubscribe = () => {}
  let heartbeat: NodeJS.Timeout | undefined
  /**
   * Writes `frames` as one chunk of HTTP's chunked encoding in one socket write: res.write hands the socket the
   * size, a CRLF, the frames and a CRLF as four write requests. Only once the response owns its socket and its head
   * is out (res.write sent it with the retry line); otherwise (HTTP/1.0, a response still queued) res.write frames
   * it.
   */
  const send = (frames: Buffer[], size: number) => {
    const socket = res.socket
    if (socket && res.chunkedEncoding && !socket.destroyed && res.headersSent)
      socket.write(chunkOf(frames, size))
    else res.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames, size))
  }
  /**
   * Frames of the current turn of the event loop, written as one chunk at its end (setImmediate): every request read
   * in one poll (a server behind reads several) and every commit answer shares one socket write, where a write per
   * router call cost a syscall and a wake-up of the reader each. The log's bytes of each frame are copied once into
   * the chunk outside the JS heap (as text, each burst was a new string to flatten).
   */
  let pending: Buffer[] = []
  let pendingBytes = 0
  const flush = () => {
    const frames = pending
    const size = pendingBytes
    pending = []
    pendingBytes = 0
    if (closed || frames.length === 0) return
    send(frames, size)
    // res.write (the fallback above) corks the socket until the next tick: out now, with this turn's other writes
    res.socket?.uncork()
  }
  /** Ends the stream; what was written still reaches the client, `pending` only unless `drop`. */
  const close = (drop = false) => {
    if (closed) return
    if (!drop) flush()
    closed = true
    unsubscribe()
    clearInterval(heartbeat)
    res.end()
    onClose()
  }
  // a client this far behind resumes from its last id instead of growing our memory
  const behind = () => res.writableLength + pendingBytes > options.maxBufferedBytes
  if (unreadableResume)
    res.write(`event: events-missed\ndata: ${JSON.stringify({ after: null, oldest: log.oldestId() })}\n\n`)
  if (resumeFrom !== undefined) {
    const { frames, missed } = log.since(resumeFrom, filter && ((event) => keeps(filter, event)))
    if (missed)
      res.write(
        `event: events-missed\ndata: ${JSON.stringify({ after: resumeFrom, oldest: log.oldestId() })}\n\n`,
      )
    for (const frame of frames) {
      if (behind()) {
        // it gets what fits and comes back for the rest from the last id it read
        close()
        return () => {}
      }
      res.write(routerError ? asRouterError(frame) : frame)
    }
  }
  unsubscribe = log.subscribe((entry) => {
    if (closed) return
    if (filter && !keeps(filter, entry.event)) return
    if (behind()) return close(true)
    if (submitTiming && entry.event.type === 'routed') submitTiming.mark(entry.event.interaction, 'streamed')
    if (pending.length === 0) setImmediate(flush)
    const frame =
      routerError && entry.event.type === 'error'
        ? Buffer.from(asRouterError(log.frame(entry).toString('utf8')))
        : log.frame(entry)
    pending.push(frame)
    pendingBytes += frame.length
  })
  heartbeat = setInterval(() => {
    if (!closed) res.write(': keep-alive\n\n')
  }, options.heartbeatMs)
  heartbeat.unref()
  req.on('close', () => close(true))
  return () => close()
}
