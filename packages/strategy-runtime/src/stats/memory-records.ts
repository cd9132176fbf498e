// The memory provider's records of interactions: found by the feeder's ref (an array slot) or by id, parked, forgotten.
import { InteractionRecord, recycle } from './memory-interaction.ts'

const PARKED_LIMIT = 100_000
/** Refs above this are looked up by id (a feeder's refs stay about as many as its interactions in progress). */
const MAX_REF = 1 << 20

/**
 * Every interaction the provider knows (waiting, routed, or parked: left every queue, may come back), each in one of
 * two places. A record made by an event with a ref (StatEventRef) lives in that ref's slot only: the feeder names it
 * by that ref on every event until its last, so the usual interaction costs no entry in a map of tens of thousands
 * of ids (its insert, the "is this id new?" miss before it and its delete are a third of what the provider spent on
 * an interaction). The map by id holds the others: records made without a ref, records another interaction's event
 * took the slot from (two feeders number refs alike), and parked records (a new submission of the id may come back
 * under another ref; the one parked last waits in `parkedLast` until another is parked). An event without a ref that the map does not know looks in the slots, once, for a record
 * there (`slotOnly` of them), and maps them all.
 */
export class InteractionRecords {
  private readonly byId = new Map<string, InteractionRecord>()
  private readonly slots: Array<InteractionRecord | undefined> = []
  /** Records held by a slot and not in `byId`. */
  private slotOnly = 0
  /** Forgotten records no waiting list holds any more, to reuse (InteractionRecord.reuse). */
  private readonly free: InteractionRecord[] = []
  /** Parked interactions, oldest first, as (record, park number): entries whose record moved on are skipped. */
  private parkedRecs: InteractionRecord[] = []
  private parkedSeqs: number[] = []
  private parkedHead = 0
  private parkedCount = 0
  private parkSeq = 0
  /**
   * The record last found or made: an interaction's events come in runs (it leaves the queue and is routed at
   * once), so the second event of a run needs no look-up at all.
   */
  private last: InteractionRecord | undefined = undefined
  /**
   * The record parked last, while it waits to be mapped: the router parks every interaction it reserves (it left
   * the queue, not routed yet) and takes it back at the confirmation, so that one costs no map insert and delete.
   */
  private parkedLast: InteractionRecord | undefined = undefined

  /** The record of interaction `id` (named `ref` by its feeder, if given), or undefined. */
  find(id: string, ref: number | undefined): InteractionRecord | undefined {
    const last = this.last
    if (last !== undefined && last.id === id) return last
    if (ref !== undefined) {
      const held = this.slots[ref]
      if (held !== undefined && held.id === id) {
        this.last = held
        return held
      }
    }
    let rec = this.byId.get(id)
    if (rec === undefined && this.parkedLast?.id === id) rec = this.parkedLast
    if (rec === undefined && ref === undefined && this.slotOnly > 0) rec = this.mapSlots(id)
    if (rec !== undefined) {
      this.last = rec
      if (ref !== undefined) this.hold(rec, ref)
    }
    return rec
  }

  /** The interaction's record, created on its first event; a parked one is taken back. */
  obtain(id: string, ref: number | undefined): InteractionRecord {
    let rec = this.find(id, ref)
    if (rec) {
      this.unpark(rec)
      return rec
    }
    rec = this.free.pop()?.reuse(id) ?? new InteractionRecord(id, this.free)
    if (ref === undefined || !this.hold(rec, ref)) this.map(rec)
    this.last = rec
    return rec
  }

  /** Lets the record go (last use: it may be reused by the next new interaction). */
  forget(rec: InteractionRecord): void {
    if (rec.slot >= 0 && this.slots[rec.slot] === rec) {
      this.slots[rec.slot] = undefined
      if (!rec.mapped) this.slotOnly--
    }
    rec.slot = -1
    this.unmap(rec)
    if (this.last === rec) this.last = undefined
    if (this.parkedLast === rec) this.parkedLast = undefined
    this.unpark(rec)
    rec.forgotten = true
    if (rec.held === 0) recycle(rec, this.free)
  }

  /** It left every queue without being routed: kept (bounded) in case it comes back, findable by id. */
  park(rec: InteractionRecord): void {
    if (rec.parkedSeq !== 0) return
    // findable by id: at once if no slot holds it, else once another record is parked after it
    const before = this.parkedLast
    if (before !== undefined && before.parkedSeq !== 0) this.map(before)
    this.parkedLast = undefined
    if (rec.slot >= 0 && this.slots[rec.slot] === rec) this.parkedLast = rec
    else this.map(rec)
    rec.parkedSeq = ++this.parkSeq
    this.parkedRecs.push(rec)
    this.parkedSeqs.push(this.parkSeq)
    this.parkedCount++
    // an interaction that left every queue may come back (escalation); remember a bounded number of them
    if (this.parkedCount > PARKED_LIMIT) this.dropOldestParked()
    if (this.parkedRecs.length - this.parkedHead > 2 * this.parkedCount + 1024) this.compactParked()
  }

  clear(): void {
    this.byId.clear()
    this.slots.length = 0
    this.slotOnly = 0
    this.free.length = 0
    this.last = undefined
    this.parkedLast = undefined
    this.parkedRecs = []
    this.parkedSeqs = []
    this.parkedHead = 0
    this.parkedCount = 0
  }

  /** Puts the record in slot `ref` (whoever held it goes to the map); false when `ref` is not a usable slot. */
  private hold(rec: InteractionRecord, ref: number): boolean {
    if (!(Number.isInteger(ref) && ref >= 0 && ref <= MAX_REF)) return false
    const slots = this.slots
    if (rec.slot >= 0 && slots[rec.slot] === rec) {
      slots[rec.slot] = undefined
      if (!rec.mapped) this.slotOnly--
    }
    while (slots.length < ref) slots.push(undefined)
    const other = slots[ref]
    if (other !== undefined) {
      // another interaction of the same number (another feeder's): found by id from now on
      other.slot = -1
      if (!other.mapped) {
        this.slotOnly--
        this.map(other)
      }
    }
    slots[ref] = rec
    rec.slot = ref
    // held by its slot, it leaves the map unless it is parked (which keeps it findable by id)
    if (rec.parkedSeq === 0) this.unmap(rec)
    if (!rec.mapped) this.slotOnly++
    return true
  }

  /** Out of the map (its entry only: under a broken contract another record may hold the id). */
  private unmap(rec: InteractionRecord): void {
    if (!rec.mapped) return
    if (this.byId.get(rec.id) === rec) this.byId.delete(rec.id)
    rec.mapped = false
  }

  private map(rec: InteractionRecord): void {
    if (rec.mapped) return
    this.byId.set(rec.id, rec)
    rec.mapped = true
    if (rec.slot >= 0 && this.slots[rec.slot] === rec) this.slotOnly--
  }

  /** An event without a ref named an id the map does not know: every slot's record goes in the map (O(slots)). */
  private mapSlots(id: string): InteractionRecord | undefined {
    const slots = this.slots
    for (let i = 0; i < slots.length; i++) {
      const rec = slots[i]
      if (rec !== undefined && !rec.mapped) this.map(rec)
    }
    return this.byId.get(id)
  }

  private unpark(rec: InteractionRecord): void {
    if (rec.parkedSeq === 0) return
    if (this.parkedLast === rec) this.parkedLast = undefined
    // parked last (it left its queue and is routed at once): its entry goes now, so the list neither grows nor
    // needs compacting for it
    const recs = this.parkedRecs
    const last = recs.length - 1
    if (last >= this.parkedHead && recs[last] === rec && this.parkedSeqs[last] === rec.parkedSeq) {
      recs.pop()
      this.parkedSeqs.pop()
    }
    rec.parkedSeq = 0
    this.parkedCount--
    // held by a slot: found there again, and out of the map (which stays small while most are never parked)
    if (rec.mapped && rec.slot >= 0 && this.slots[rec.slot] === rec) {
      this.unmap(rec)
      this.slotOnly++
    }
  }

  private stillParked(at: number): InteractionRecord | undefined {
    // a record forgotten or taken back is no longer parked under this number (forget unparks it)
    const rec = this.parkedRecs[at]!
    return rec.parkedSeq === this.parkedSeqs[at] ? rec : undefined
  }

  private dropOldestParked(): void {
    while (this.parkedHead < this.parkedRecs.length) {
      const at = this.parkedHead++
      const rec = this.stillParked(at)
      if (rec) {
        this.forget(rec)
        break
      }
    }
  }

  /** Drops the entries of interactions no longer parked (taken back, finished), in O(n). */
  private compactParked(): void {
    const recs: InteractionRecord[] = []
    const seqs: number[] = []
    for (let at = this.parkedHead; at < this.parkedRecs.length; at++) {
      if (!this.stillParked(at)) continue
      recs.push(this.parkedRecs[at]!)
      seqs.push(this.parkedSeqs[at]!)
    }
    this.parkedRecs = recs
    this.parkedSeqs = seqs
    this.parkedHead = 0
  }
}
