// Structured logs: one JSON object per line, with a time, a level and a message.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export interface Logger {
  (level: LogLevel, message: string, fields?: Record<string, unknown>): void
  /** Whether a line of `level` would be written (a caller skips building its fields); absent: yes. */
  enabled?(level: LogLevel): boolean
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** A logger writing JSON lines through `write` (stdout in the CLI, an array in tests). */
export function createJsonLogger(
  write: (line: string) => void,
  options: { level?: LogLevel; now?: () => number } = {},
): Logger {
  const min = ORDER[options.level ?? 'info']
  const now = options.now ?? (() => Date.now())
  const logger: Logger = (level, message, fields = {}) => {
    if (ORDER[level] < min) return
    write(`${JSON.stringify({ time: new Date(now()).toISOString(), level, msg: message, ...fields })}\n`)
  }
  logger.enabled = (level) => ORDER[level] >= min
  return logger
}

/** The levels an outage is told at: its start (error, or warn), and its end (info). */
type OutageLogger = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void

export interface OutageLog {
  /** A failure: the first of an outage is logged (at its level, with its cause); the next ones are not, until it ends. */
  failed(fields?: Record<string, unknown>): void
  /** It works: ends an outage with one info line (true); nothing when none was under way (false). */
  recovered(fields?: Record<string, unknown>): boolean
}

/**
 * Says an outage once, however often it is met (a timer meeting a lost Redis every few seconds would flood the log
 * and hide the first, useful line): `failedMessage` at its start (at `level`, default error), `recoveredMessage`
 * at its end.
 */
export function createOutageLog(
  log: OutageLogger,
  failedMessage: string,
  recoveredMessage: string,
  { level = 'error' }: { level?: 'warn' | 'error' } = {},
): OutageLog {
  let down = false
  return {
    failed(fields) {
      if (down) return
      down = true
      log(level, failedMessage, fields)
    },
    recovered(fields) {
      if (!down) return false
      down = false
      log('info', recoveredMessage, fields)
      return true
    },
  }
}
