// The router's live interactions by id in one map: the run while it is routed, its handling once it finished
// `routed`. One lookup answers "is this id in use", and finishing replaces the run in place instead of deleting it
// from one map and inserting into another (on maps of tens of thousands of ids, those inserts and deletes cost most).
import type { Handling, InteractionRun } from './run.ts'

type Live = InteractionRun | Handling

function isRun(v: Live): v is InteractionRun {
  return (v as InteractionRun).id !== undefined
}

/** Every interaction in progress here, routed or with an agent; `runs` and `handled` view each kind. */
export class LiveIds {
  readonly byId = new Map<string, Live>()
  /** Entries holding a handling alone (the run gone). */
  handlingsAlone = 0
  readonly runs = new LiveRuns(this)
  readonly handled = new LiveHandled(this)

  /** True when the id is routed here or with an agent (submit and resume refuse it). */
  has(id: string): boolean {
    return this.byId.has(id)
  }
}

/** The interactions being routed, a confirmed one until it finished (read by snapshots, stop and the probe). */
export class LiveRuns {
  constructor(private readonly live: LiveIds) {}

  get size(): number {
    return this.live.byId.size - this.live.handlingsAlone
  }

  has(id: string): boolean {
    const v = this.live.byId.get(id)
    return v !== undefined && isRun(v)
  }

  get(id: string): InteractionRun | undefined {
    const v = this.live.byId.get(id)
    return v !== undefined && isRun(v) ? v : undefined
  }

  /** Adds a run under an id not in use (the caller checked `LiveIds.has`). */
  add(run: InteractionRun): void {
    this.live.byId.set(run.id, run)
  }

  /**
   * Adds a run under an id its caller keeps unique among live ones (no `has` first: one probe of the map, not two);
   * false when the id was in use after all (its entry is lost then: the caller's bug, which it must raise).
   */
  addUnique(run: InteractionRun): boolean {
    const byId = this.live.byId
    const before = byId.size
    byId.set(run.id, run)
    return byId.size > before
  }

  /**
   * A live run leaves (it finished); its handling, if the host confirmed it, takes its place under its id at once:
   * a confirmed run was found under its id by the host's call, and an id in use is never given to another run.
   */
  finished(run: InteractionRun): void {
    const handling = run.handling
    if (handling === undefined) {
      this.delete(run.id)
      return
    }
    const live = this.live
    run.handling = undefined
    live.byId.set(run.id, handling)
    live.handlingsAlone++
  }

  /** The run of that id leaves; its handling, if the host confirmed it, stays under the id in its place. */
  delete(id: string): void {
    const live = this.live
    const v = live.byId.get(id)
    if (v === undefined || !isRun(v)) return
    const handling = v.handling
    if (handling === undefined) live.byId.delete(id)
    else {
      v.handling = undefined
      live.byId.set(id, handling)
      live.handlingsAlone++
    }
  }

  *values(): IterableIterator<InteractionRun> {
    for (const v of this.live.byId.values()) if (isRun(v)) yield v
  }
}

/** Handling records kept for reuse; more are left to the garbage collector. */
const MAX_SPARE = 256

/** Interactions with an agent, from the confirmed reservation until complete(). */
export class LiveHandled {
  /**
   * Handlings complete() is done with, for the next confirmations: each lives as long as its call (tens of
   * thousands of cycles at scale), so a new one per call was promoted and copied by every young collection on the way.
   */
  private readonly spare: Handling[] = []

  constructor(private readonly live: LiveIds) {}

  /** A handling for a confirmation: one given back filled in place, else a new one. */
  handling(agent: Handling['agent'], media: string, feedRef: number): Handling {
    const h = this.spare.pop()
    if (h === undefined) return { agent, media, feedRef }
    h.agent = agent
    h.media = media
    h.feedRef = feedRef
    return h
  }

  /** The caller of take() is done with the handling (nothing else holds it): a later confirmation may reuse it. */
  release(handling: Handling): void {
    if (this.spare.length < MAX_SPARE) this.spare.push(handling)
  }

  has(id: string): boolean {
    const v = this.live.byId.get(id)
    return v !== undefined && (!isRun(v) || v.handling !== undefined)
  }

  /** The host confirmed a live run (one under its id here): it is with an agent from now on. */
  confirm(run: InteractionRun, handling: Handling): void {
    run.handling = handling
  }

  /** Removes and returns the id's handling; undefined when the id is not with an agent. */
  take(id: string): Handling | undefined {
    const live = this.live
    const v = live.byId.get(id)
    if (v === undefined) return undefined
    if (isRun(v)) {
      const handling = v.handling
      v.handling = undefined
      return handling
    }
    live.byId.delete(id)
    live.handlingsAlone--
    return v
  }
}
