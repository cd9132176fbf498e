// What the memory provider keeps of one interaction, reused through a free list once nothing refers to it.
import type { AgentRecord } from './memory-agents.ts'
import type { WaitMark } from './memory-series.ts'
import type { SubjectFigures } from './memory-subject.ts'

/** The empty subject list every new interaction starts with (shared, so it is frozen). */
export const NONE: readonly SubjectFigures[] = Object.freeze([])

/**
 * What the provider keeps of one interaction. It is also the mark of its first wait (`since`, `live`): most
 * interactions wait once, so that wait allocates nothing more; a later wait gets a mark of its own.
 */
export class InteractionRecord implements WaitMark {
  constructor(
    public id: string,
    /** The provider's free records: a forgotten record goes back there once no waiting list holds it. */
    private readonly free: InteractionRecord[],
  ) {}
  /** When it first queued, or NaN (never undefined: a number field keeps its time in place, no box per event). */
  queuedAt = Number.NaN
  /**
   * Subjects it waits in now (a queue target also puts it in the queue's groups), without repeats. Never changed
   * in place (it may be a cached expansion or NONE): every change assigns a new array.
   */
  waitingIn: readonly SubjectFigures[] = NONE
  /** Its one mark in the waiting lists of `waitingIn`; killed (live = false) when it leaves them. */
  mark: WaitMark | undefined = undefined
  /** Subjects it last left, still credited if it is answered or abandoned before it waits again. */
  lastLeft: readonly SubjectFigures[] = NONE
  /** Every subject it entered, without repeats (Entered counts each once); the first wait's list itself. */
  entered: readonly SubjectFigures[] = NONE
  /** Subjects it left for a later queue and has not come back to (their OverflowOut counted it). */
  overflowed: readonly SubjectFigures[] = NONE
  /** When it was routed, or NaN. */
  routedAt = Number.NaN
  /** The agent it was routed to (its record: the completion needs no lookup by id). */
  agent: AgentRecord | undefined = undefined
  media: string | undefined = undefined
  /** Queue subjects its completion counts towards. */
  credit: readonly SubjectFigures[] = NONE
  /** Non-zero while parked (out of every queue, not routed): its entry in the parked list. */
  parkedSeq = 0
  /** As the mark of its first wait: when that wait started, and whether it still waits there. */
  since = 0
  live = false
  /** Its first wait used the record as its mark (a dead mark never comes back to life: later waits get new ones). */
  markUsed = false
  /** Its slot in `slots` (the feeder's ref), or -1. */
  slot = -1
  /** In the records' map by id (memory-records.ts): made without a ref, parked, or its slot taken. */
  mapped = false
  /** Waiting lists that hold it as their mark, live or dead (they drop dead marks lazily). */
  held = 0
  /** The provider let it go: it is recycled as soon as `held` is 0, never before (a list would see it again). */
  forgotten = false

  /** A waiting list dropped it (WaitMark). */
  dropped(): void {
    if (--this.held === 0 && this.forgotten) recycle(this, this.free)
  }

  /** Makes a recycled record new for interaction `id` (no list holds it, no map or slot names it). */
  reuse(id: string): this {
    this.id = id
    this.queuedAt = Number.NaN
    this.waitingIn = NONE
    this.mark = undefined
    this.lastLeft = NONE
    this.entered = NONE
    this.overflowed = NONE
    this.routedAt = Number.NaN
    this.agent = undefined
    this.media = undefined
    this.credit = NONE
    this.parkedSeq = 0
    this.since = 0
    this.live = false
    this.markUsed = false
    this.slot = -1
    this.mapped = false
    this.forgotten = false
    return this
  }
}

/**
 * Records kept for reuse at most: an interaction's record lives from its first event to its completion, and most of
 * them are promoted to the old generation by then; reusing them spares that garbage at any rate of interactions.
 */
const FREE_LIMIT = 4096

export function recycle(rec: InteractionRecord, free: InteractionRecord[]): void {
  if (free.length < FREE_LIMIT) free.push(rec)
}
