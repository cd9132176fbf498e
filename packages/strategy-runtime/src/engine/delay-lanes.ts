// Delays by lane: every interaction that enters a node arms its delays (a wait of 1 h, escalation steps)
// counted from its entry, and every reservation the same timeout, so the entries of one (node, delay) or of the
// reservations fall due in the order they were armed. A lane is a
// FIFO of small records with one clock timer for its head, instead of a closure and a clock timer per waiting
// interaction; a cancelled record is a flag, and a lane drops its cancelled records when they outnumber the rest.
import type { Clock, TimerHandle } from '../time/clock.ts'
import { Fifo } from '../util/fifo.ts'

/**
 * One armed delay of a target (a frame at a node, an interaction's reservation): `token` says which of its
 * delays it was (stale when the target moved on since), cancelled when `target` is cleared.
 */
export class LaneEntry<T extends object = object> {
  constructor(
    public target: T | undefined,
    public token: number,
    public due: number,
    readonly lane: DelayLane<T>,
  ) {}
}

/** Cancelled records a lane keeps before it compacts (and at least as many as live ones). */
const COMPACT_AFTER = 64
/** Cancelled records kept per lane for reuse (a waiting interaction's record lives long: reuse, not promote). */
const MAX_SPARE = 256

export class DelayLane<T extends object> {
  private readonly items = new Fifo<LaneEntry<T>>()
  /** Due time of the newest record in `items` (cancelled or not), or -Infinity: an add reads no record for it. */
  private lastDue = Number.NEGATIVE_INFINITY
  /** Cancelled records still in `items`. */
  private dead = 0
  private timer: TimerHandle | undefined
  /** When `timer` falls due. */
  private timerDue = Number.NEGATIVE_INFINITY
  /** Set while due records run: a record they add is seen by the loop, not armed on its own. */
  private firing = false
  /** Bound once: the lane's one clock callback. */
  private readonly wake = (): void => this.fire()
  /**
   * Cancelled records out of `items`, reused by `add`. Only cancelled ones: their owner let go of them before
   * cancelling; a record that fell due may still be held (and cancelled again, harmlessly) by its owner.
   */
  private readonly spare: LaneEntry<T>[] = []
  /** Bound once: keeps live records in a compaction and takes back the cancelled ones. */
  private readonly keepLive = (e: LaneEntry<T>): boolean => {
    if (e.target !== undefined) return true
    this.reuse(e)
    return false
  }

  constructor(
    private readonly clock: Clock,
    /** Runs a due delay (the callee checks the target is still where `token` says). */
    private readonly onDue: (target: T, token: number) => void,
    /**
     * Keep the clock timer when the last record is cancelled (until `releaseTimer`): a lane that empties and fills
     * again on every decision (reservations confirmed at once) then sets and clears no clock timer per record; the
     * kept timer fires at its time, finds nothing due and arms for the next record, if any.
     */
    private readonly keepsTimer = false,
  ) {}

  /** Clears a clock timer kept with no record to wait for (a stopping router), so none outlives the lane's use. */
  releaseTimer(): void {
    if (this.timer === undefined || this.items.size - this.dead > 0) return
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  /**
   * Arms a delay due at `due`, or returns undefined when it would fall due before the lane's last one (a
   * resumed interaction's remaining delay): the caller then takes a clock timer of its own.
   */
  add(target: T, token: number, due: number): LaneEntry<T> | undefined {
    if (due < this.lastDue) return undefined
    const spare = this.spare.pop()
    let entry: LaneEntry<T>
    if (spare === undefined) entry = new LaneEntry(target, token, due, this)
    else {
      entry = spare
      entry.target = target
      entry.token = token
      entry.due = due
    }
    this.items.push(entry)
    this.lastDue = due
    if (this.firing) return entry
    if (this.timer === undefined) this.arm()
    else if (due < this.timerDue) {
      // a timer kept from records gone (keepsTimer) falls due after this one: armed again for it
      this.clock.clearTimeout(this.timer)
      this.arm()
    }
    return entry
  }

  /** Cancels the record: its owner lets go of it with this call (the lane may give it to a later `add`). */
  cancel(entry: LaneEntry<T>): void {
    if (entry.target === undefined) return
    entry.target = undefined
    if (entry === this.items.peek()) {
      // the oldest went (the first in line served): it leaves now and its record goes to the next add, so a lane of
      // long delays (a 1 h wait) makes no record per interaction and keeps no dead head until it compacts
      this.shift()
      this.reuse(entry)
    } else this.dead++
    const live = this.items.size - this.dead
    if (live === 0) {
      // nothing left to wait for: no clock timer may outlive the lane's records (a real timer keeps a process up),
      // unless the owner keeps it for the next record and releases it when it stops
      if (this.timer !== undefined && !this.keepsTimer) {
        this.clock.clearTimeout(this.timer)
        this.timer = undefined
      }
      this.items.retain(this.keepLive)
      this.lastDue = Number.NEGATIVE_INFINITY
      this.dead = 0
    } else if (this.dead > COMPACT_AFTER && this.dead > live) {
      this.items.retain(this.keepLive)
      this.lastDue = this.items.last()?.due ?? Number.NEGATIVE_INFINITY
      this.dead = 0
    }
  }

  /** Live records waiting (for tests of the compaction). */
  get size(): number {
    return this.items.size - this.dead
  }

  private arm(): void {
    const first = this.firstLive()
    if (first === undefined) return
    this.timer = this.clock.setTimeout(this.wake, Math.max(0, first.due - this.clock.now()))
    this.timerDue = first.due
  }

  /** The first live record, dropping cancelled ones at the front. */
  private firstLive(): LaneEntry<T> | undefined {
    for (;;) {
      const entry = this.items.peek()
      if (entry === undefined || entry.target !== undefined) return entry
      this.shift()
      this.dead--
      this.reuse(entry)
    }
  }

  private reuse(entry: LaneEntry<T>): void {
    if (this.spare.length < MAX_SPARE) this.spare.push(entry)
  }

  /** Drops the oldest record. */
  private shift(): void {
    this.items.shift()
    if (this.items.size === 0) this.lastDue = Number.NEGATIVE_INFINITY
  }

  private fire(): void {
    this.timer = undefined
    const now = this.clock.now()
    this.firing = true
    try {
      for (;;) {
        const entry = this.firstLive()
        if (entry === undefined || entry.due > now) break
        this.shift()
        const target = entry.target!
        entry.target = undefined
        this.onDue(target, entry.token)
      }
    } finally {
      this.firing = false
    }
    if (this.timer === undefined) this.arm()
  }
}
