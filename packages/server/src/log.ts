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
