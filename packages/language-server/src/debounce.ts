// Validation scheduling: typing schedules a validation after a quiet delay (the latest version wins, a burst of
// keystrokes validates once); opening and saving validate at once. The timer is injected, so tests need no clock.

/** setTimeout/clearTimeout, or a test's manual timer. */
export interface Timer {
  set(callback: () => void, ms: number): unknown
  clear(handle: unknown): void
}

export const systemTimer: Timer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** Default quiet time after the last keystroke before validating, in milliseconds. */
export const DEFAULT_VALIDATION_DELAY_MS = 150
const MAX_VALIDATION_DELAY_MS = 10_000

/** The delay from the client's initializationOptions (`validationDelayMs`), or a clear error. */
export function validationDelayOf(options: unknown, fallback = DEFAULT_VALIDATION_DELAY_MS): number {
  const value =
    options !== null && typeof options === 'object'
      ? (options as { validationDelayMs?: unknown }).validationDelayMs
      : undefined
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_VALIDATION_DELAY_MS) {
    throw new Error(
      `validationDelayMs must be a number of milliseconds from 0 to ${MAX_VALIDATION_DELAY_MS}, not ${JSON.stringify(value)}`,
    )
  }
  return value
}

interface Pending {
  version: number
  handle: unknown
}

/**
 * Runs `validate(uri, version)` for the latest version of each document: `changed` after `delayMs` without a
 * newer change, `now` at once (open, save). A pending validation of an older version is cancelled, so a stale
 * version is never validated after a newer one.
 */
export class ValidationScheduler {
  private readonly pending = new Map<string, Pending>()
  /** The newest version validated or scheduled per document: older requests are dropped. */
  private readonly latest = new Map<string, number>()

  constructor(
    private readonly validate: (uri: string, version: number) => void,
    private delayMs: number,
    private readonly timer: Timer = systemTimer,
  ) {}

  setDelay(ms: number): void {
    this.delayMs = ms
  }

  /** A keystroke: validate this version once the typing pauses. */
  changed(uri: string, version: number): void {
    // an older version, or the version just validated at open (which also reports a change)
    if (this.isStale(uri, version) || (this.latest.get(uri) === version && !this.pending.has(uri))) return
    this.cancel(uri)
    this.latest.set(uri, version)
    if (this.delayMs === 0) {
      this.validate(uri, version)
      return
    }
    const handle = this.timer.set(() => {
      const current = this.pending.get(uri)
      if (current?.handle !== handle) return
      this.pending.delete(uri)
      this.validate(uri, version)
    }, this.delayMs)
    this.pending.set(uri, { version, handle })
  }

  /** Open or save: validate this version now, dropping any pending one. */
  now(uri: string, version: number): void {
    if (this.isStale(uri, version)) return
    this.cancel(uri)
    this.latest.set(uri, version)
    this.validate(uri, version)
  }

  /** Whether a validation of `uri` is waiting for the typing to pause. */
  isPending(uri: string): boolean {
    return this.pending.has(uri)
  }

  /** Drops the pending validation of `uri` (closed document, or superseded). */
  cancel(uri: string): void {
    const current = this.pending.get(uri)
    if (!current) return
    this.timer.clear(current.handle)
    this.pending.delete(uri)
  }

  /** A closed document starts over (its next open may restart at version 1). */
  forget(uri: string): void {
    this.cancel(uri)
    this.latest.delete(uri)
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancel(uri)
  }

  private isStale(uri: string, version: number): boolean {
    const newest = this.latest.get(uri)
    return newest !== undefined && version < newest
  }
}
