// pure: which idle keep-alive connections a load generator may still send on. A server closes a connection idle for
// its keep-alive timeout; a request written as it closes meets a reset (ECONNRESET) or a close with the request in
// flight. Node answers `Keep-Alive: timeout=<s>` and closes a little after; like undici, a connection idle within a
// margin of that hint is retired instead of used.

/** Node's server default (`server.keepAliveTimeout`), for a response without the hint. */
export const DEFAULT_KEEP_ALIVE_MS = 5000
/** How long before the hinted timeout an idle connection is retired (undici's keepAliveTimeoutThreshold). */
export const KEEP_ALIVE_MARGIN_MS = 1000

/** The keep-alive timeout (ms) a response head hints, or undefined when it hints none. */
export function keepAliveHintMs(head) {
  const hint = /\r\nkeep-alive:[^\r]*\btimeout=(\d+)/i.exec(head)
  return hint ? Number(hint[1]) * 1000 : undefined
}

/**
 * How many of the `idle` connections (each with its `idleSince` time, oldest first) to retire at `now`: the leading
 * ones idle for the server's timeout less the margin (every one when the hint is within the margin).
 */
export function staleIdleCount(idle, now, keepAliveMs = DEFAULT_KEEP_ALIVE_MS) {
  const limit = keepAliveMs - KEEP_ALIVE_MARGIN_MS
  let stale = 0
  while (stale < idle.length && now - idle[stale].idleSince >= limit) stale++
  return stale
}
