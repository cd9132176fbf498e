// The callers of a simulation and their timeline events (arrival, hang-up, end of handling), reused once done: a
// day of 300,000 callers makes a few thousand records instead of one (and a hang-up) per caller.

export const ARRIVE = 0
export const HANG_UP = 1
export const HANDLED = 2
export const PROGRESS = 3

/** One caller from arrival to the end of handling; it is also its own "handled" event. */
export class Call {
  readonly kind = HANDLED
  /**
   * Its interaction id, `sim-<n>` in arrival order (a reused record takes the next caller's); where nobody outside
   * reads ids, the id its record had last (see `CallPool.spareId`), and `arrival` is its number.
   */
  id = ''
  /** Its place in arrival order (1, 2, ...): not an own field, so a record's fields read as before. */
  #arrival = 0
  arrivedAt = 0
  /** Arrived after the warm-up: counted in the result. */
  measured = false
  /** Its arrival's interval in the series. */
  interval = -1
  /** An agent was reserved (the host confirms at once, at the same instant). */
  reserved = false
  /**
   * When it first waited in a queue (its first `queued` event), -1 before: its wait runs from then, as the report's
   * does, and an abandon counts in the handled service level only after it.
   */
  queuedAt = -1
  answered = false
  /** Finished without an agent (hung up, default route, error): out of the router. */
  done = false
  /** Its handling ended (the router was told it completed). */
  handled = false
  /** Kept in `waiting` (left in the strategy after its arrival) for the router's later events about it. */
  listed = false
  /** Its hang-up is on the timeline (it holds the caller until it falls due). */
  hangUpPending = false
  handleMs = 0
  /** The agent the router reserved for it. */
  agent = ''

  get arrival(): number {
    return this.#arrival
  }

  set arrival(n: number) {
    this.#arrival = n
  }
}

/** The next arrival, a caller's hang-up (only for one not routed at once), or a progress report. */
export class Tick {
  constructor(
    readonly kind: typeof ARRIVE | typeof HANG_UP | typeof PROGRESS,
    public call: Call | undefined,
    readonly fraction: number,
  ) {}
}

/** Records kept for reuse; about as many callers are ever in progress at once as agents are busy. */
const MAX_SPARE = 4096

/**
 * Callers and hang-ups for reuse. A caller comes back once nothing holds it: its handling ended (or it finished
 * without an agent) and its hang-up, if it had one, fell due; a hang-up once it fell due.
 */
export class CallPool {
  private readonly calls: Call[] = []
  /** The id each spare record had last, beside it in `calls`. */
  private readonly ids: string[] = []
  private readonly hangUps: Tick[] = []

  /** A caller arriving now, every field set. */
  take(id: string, arrivedAt: number, measured: boolean, interval: number): Call {
    const call = this.calls.pop() ?? new Call()
    this.ids.pop()
    call.id = id
    call.arrivedAt = arrivedAt
    call.measured = measured
    call.interval = interval
    call.reserved = false
    call.queuedAt = -1
    call.answered = false
    call.done = false
    call.handled = false
    call.listed = false
    call.hangUpPending = false
    call.handleMs = 0
    call.agent = ''
    return call
  }

  /**
   * The id the record `take` gives next had last, undefined when a new record comes next. Out of the router once
   * spare, so a caller may take it again where nobody outside reads ids: one string and its hash per record, not a
   * new one per caller (the router's maps look each up several times per call, and scavenges copy the live ones).
   */
  spareId(): string | undefined {
    return this.ids[this.ids.length - 1]
  }

  /** The hang-up event of a caller still waiting after its arrival. */
  hangUp(call: Call): Tick {
    call.hangUpPending = true
    const tick = this.hangUps.pop()
    if (tick === undefined) return new Tick(HANG_UP, call, 0)
    tick.call = call
    return tick
  }

  /** A hang-up fell due: its caller may come back too. */
  hungUp(tick: Tick): void {
    const call = tick.call!
    tick.call = undefined
    if (this.hangUps.length < MAX_SPARE) this.hangUps.push(tick)
    call.hangUpPending = false
    if (call.handled || call.done) this.release(call)
  }

  /** A caller out of the router (handled, or finished without an agent): back once its hang-up is not pending. */
  release(call: Call): void {
    if (call.hangUpPending || this.calls.length >= MAX_SPARE) return
    this.ids.push(call.id)
    call.id = ''
    this.calls.push(call)
  }
}
