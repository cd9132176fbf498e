// The ready agents of one pool for one media, indexed for every pick rule so no decision scans the pool:
// a heap by (fewest busy, longest idle, directory order), the same heap's array for a uniform random draw,
// a sorted array for round robin and a heap per statistic (built on first use, kept up to date after).
import type { Explanation } from '../api/types.ts'
import { BinaryHeap } from '../util/binary-heap.ts'
import type { AgentRecord } from './agents.ts'

/** An agent statistic now, or undefined when the provider cannot give it. */
export type StatReader = (agent: AgentRecord, statistic: string) => number | undefined

export interface IdleEntry {
  agent: AgentRecord
  busy: number
  idle: number
  /**
   * The agent's directory index (the tie-break) and id, copied here so that listing the best entries for an
   * explanation reads no agent record (a cache miss each: 50,000 agents do not stay in cache).
   */
  readonly order: number
  readonly id: string
  pos: number
  /** The index it belongs to, and the agent's entry in its next index: an agent's entries are a chain from it. */
  readonly index: ReadyIndex
  readonly next: IdleEntry | undefined
  /** Its last unexplained longest-idle win (select.ts), frozen and reused while the node and target stay. */
  unexplained: UnexplainedWin | undefined
}

/**
 * A decision that lists no candidate (explainCandidates 0): its winner and explanation, frozen, both shared, and
 * the node and target it was made for beside them (checked on the record itself, not through its explanation).
 */
export interface UnexplainedWin {
  readonly winner: { readonly agent: AgentRecord; readonly target: string }
  readonly explanation: Explanation
  readonly node: string
  readonly target: string
}

export interface StatEntry {
  agent: AgentRecord
  value: number
  pos: number
}

/** Fewest busy first (Genesys "fewest busy"), then idle longest (TaskRouter "waited longest"), then directory order. */
export function idleBefore(a: IdleEntry, b: IdleEntry): boolean {
  if (a.busy !== b.busy) return a.busy < b.busy
  if (a.idle !== b.idle) return a.idle < b.idle
  return a.order < b.order
}

/**
 * The idle heap: BinaryHeap with `idleBefore` and the positions written in its two sift loops. Every heap of the
 * process shares BinaryHeap's comparator call, too many kinds to inline there, and this one sifts on every
 * decision and every completion.
 */
export class IdleHeap extends BinaryHeap<IdleEntry> {
  constructor() {
    super(idleBefore, (e, i) => {
      e.pos = i
    })
  }

  protected override up(start: number, item: IdleEntry): void {
    const items = this.items
    let i = start
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = items[parent]!
      if (!idleBefore(item, p)) break
      items[i] = p
      p.pos = i
      i = parent
    }
    items[i] = item
    item.pos = i
  }

  protected override down(start: number, item: IdleEntry): void {
    const items = this.items
    const n = items.length
    let i = start
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      let at = l
      let child = items[l]!
      if (r < n) {
        const right = items[r]!
        if (idleBefore(right, child)) {
          at = r
          child = right
        }
      }
      if (!idleBefore(child, item)) break
      items[i] = child
      child.pos = i
      i = at
    }
    items[i] = item
    item.pos = i
  }

  /**
   * The best `want` entries in order into `out` (bestFirst accepting every entry, as a longest-idle explanation
   * lists them), with idleBefore called directly and the frontier in a scratch list: the generic walk's comparator
   * and `at` calls, shared with every other heap, were a fifth of an arrival's CPU. Returns how many it wrote.
   */
  best(want: number, out: IdleEntry[]): number {
    const items = this.items
    const size = items.length
    const f = frontier
    let n = 0
    let count = 0
    if (size > 0) f[n++] = 0
    while (n > 0 && count < want) {
      // pop the frontier's best position
      const top = f[0]!
      const last = f[--n]!
      if (n > 0) {
        const item = items[last]!
        let i = 0
        for (;;) {
          const l = 2 * i + 1
          if (l >= n) break
          const r = l + 1
          const child = r < n && idleBefore(items[f[r]!]!, items[f[l]!]!) ? r : l
          if (!idleBefore(items[f[child]!]!, item)) break
          f[i] = f[child]!
          i = child
        }
        f[i] = last
      }
      out[count++] = items[top]!
      // push its children
      for (let c = 2 * top + 1; c <= 2 * top + 2 && c < size; c++) {
        const item = items[c]!
        let i = n++
        while (i > 0) {
          const parent = (i - 1) >> 1
          if (!idleBefore(item, items[f[parent]!]!)) break
          f[i] = f[parent]!
          i = parent
        }
        f[i] = c
      }
    }
    return count
  }
}

/** IdleHeap.best's frontier: heap positions, reused by every walk (nothing it calls walks again). */
const frontier: number[] = []

export class StatIndex {
  readonly heap: BinaryHeap<StatEntry>
  readonly entries = new Map<AgentRecord, StatEntry>()
  /** Ready agents whose statistic the provider could not give. */
  readonly unavailable = new Set<AgentRecord>()
  constructor(readonly statistic: string) {
    this.heap = new BinaryHeap<StatEntry>(
      (a, b) => a.value < b.value || (a.value === b.value && a.agent.index < b.agent.index),
      (e, i) => {
        e.pos = i
      },
    )
  }

  /** Stored values are ascending; a `max` rule stores the negated figure. */
  set(agent: AgentRecord, value: number | undefined): void {
    const entry = this.entries.get(agent)
    if (value === undefined) {
      if (entry) this.drop(agent, entry)
      this.unavailable.add(agent)
      return
    }
    this.unavailable.delete(agent)
    if (!entry) {
      const fresh: StatEntry = { agent, value, pos: -1 }
      this.entries.set(agent, fresh)
      this.heap.push(fresh)
    } else if (entry.value !== value) {
      entry.value = value
      this.heap.update(entry.pos)
    }
  }

  remove(agent: AgentRecord): void {
    this.unavailable.delete(agent)
    const entry = this.entries.get(agent)
    if (entry) this.drop(agent, entry)
  }

  private drop(agent: AgentRecord, entry: StatEntry): void {
    this.entries.delete(agent)
    this.heap.removeAt(entry.pos)
  }
}

export class ReadyIndex {
  readonly idle: IdleHeap = new IdleHeap()
  /**
   * Every agent ever listed here keeps its entry, with `pos` -1 while it is out, so an agent that goes busy and ready
   * again, as every agent does on each call, allocates nothing. The entries hang off the agent (`readyEntries`, a
   * chain over its indexes, most agents one or two long): finding one reads the agent, not a map of this index.
   */
  private listedCount = 0
  /** Ready agents by directory order, for round robin; built on the first round-robin decision. */
  private order: AgentRecord[] | undefined
  /** Heaps by statistic (`Occupancy`, `-AverageHandlingTime` for a max rule), built on first use. */
  private readonly stats = new Map<string, { index: StatIndex; sign: 1 | -1; name: string }>()

  constructor(
    readonly media: string,
    private readonly readStat: StatReader,
  ) {}

  get size(): number {
    return this.listedCount
  }

  has(agent: AgentRecord): boolean {
    const entry = this.entryOf(agent)
    return entry !== undefined && entry.pos >= 0
  }

  private entryOf(agent: AgentRecord): IdleEntry | undefined {
    let entry = agent.readyEntries
    while (entry !== undefined && entry.index !== this) entry = entry.next
    return entry
  }

  /** Adds the agent or re-keys it after its load or idle time changed. */
  upsert(agent: AgentRecord, busy: number, idle: number): void {
    let entry = this.entryOf(agent)
    if (entry === undefined) {
      entry = {
        agent,
        busy,
        idle,
        order: agent.index,
        id: agent.id,
        pos: -1,
        index: this,
        next: agent.readyEntries,
        unexplained: undefined,
      }
      agent.readyEntries = entry
    }
    if (entry.pos < 0) {
      entry.busy = busy
      entry.idle = idle
      this.idle.push(entry)
      this.listedCount++
      if (this.order) this.order.splice(this.orderPos(agent.index), 0, agent)
    } else if (entry.busy !== busy || entry.idle !== idle) {
      entry.busy = busy
      entry.idle = idle
      this.idle.update(entry.pos)
    }
    if (this.stats.size > 0)
      for (const s of this.stats.values()) s.index.set(agent, signed(this.readStat(agent, s.name), s.sign))
  }

  remove(agent: AgentRecord): void {
    const entry = this.entryOf(agent)
    if (entry === undefined || entry.pos < 0) return
    this.idle.removeAt(entry.pos)
    entry.pos = -1
    this.listedCount--
    if (this.order) {
      const at = this.orderPos(agent.index)
      if (this.order[at] === agent) this.order.splice(at, 1)
    }
    if (this.stats.size > 0) for (const s of this.stats.values()) s.index.remove(agent)
  }

  /** A statistic of one agent moved: re-key it in the statistic heaps. */
  refresh(agent: AgentRecord): void {
    if (this.stats.size === 0 || !this.has(agent)) return
    for (const s of this.stats.values()) s.index.set(agent, signed(this.readStat(agent, s.name), s.sign))
  }

  /** The agents listed now, in directory order. */
  private listedAgents(): AgentRecord[] {
    const out: AgentRecord[] = []
    for (let i = 0; i < this.idle.size; i++) out.push(this.idle.at(i)!.agent)
    return out.sort((a, b) => a.index - b.index)
  }

  /** Ready agents by directory order (round robin). */
  byOrder(): readonly AgentRecord[] {
    if (!this.order) this.order = this.listedAgents()
    return this.order
  }

  /** First position in `byOrder()` whose agent comes after directory index `index` - 1 (binary search). */
  orderPos(index: number): number {
    const order = this.byOrder()
    let lo = 0
    let hi = order.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (order[mid]!.index < index) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** The heap for a statistic rule; lower stored values win (a `max` rule stores the negated figure). */
  byStatistic(statistic: string, lowerWins: boolean): StatIndex {
    const key = lowerWins ? statistic : `-${statistic}`
    let s = this.stats.get(key)
    if (!s) {
      const sign = lowerWins ? 1 : -1
      s = { index: new StatIndex(key), sign, name: statistic }
      for (const agent of this.listedAgents())
        s.index.set(agent, signed(this.readStat(agent, statistic), sign))
      this.stats.set(key, s)
    }
    return s.index
  }
}

function signed(value: number | undefined, sign: 1 | -1): number | undefined {
  return value === undefined ? undefined : sign * value
}

/**
 * Visits heap items best first (a frontier over the heap's tree), keeping those `accept` takes, until `want` are
 * kept. Costs O(k log k) for k visits, so the best few of 25,000 ready agents cost a handful of steps.
 */
export function bestFirst<T>(
  heap: BinaryHeap<T>,
  before: (a: T, b: T) => boolean,
  want: number,
  accept: (item: T) => boolean,
): T[] {
  const out: T[] = []
  const size = heap.size
  if (size === 0) return out
  // the frontier: heap positions in a small min-heap of its own (plain numbers, no heap object or closure)
  const frontier: number[] = [0]
  let visits = 0
  while (frontier.length > 0 && out.length < want) {
    const i = popFrontier(frontier, heap, before)
    visits++
    const item = heap.at(i)!
    if (accept(item)) out.push(item)
    // past the first winner, the explanation's runners-up are not worth an unbounded walk
    if (out.length > 0 && visits > 4 * want + 64) break
    const l = 2 * i + 1
    if (l < size) pushFrontier(frontier, l, heap, before)
    if (l + 1 < size) pushFrontier(frontier, l + 1, heap, before)
  }
  return out
}

function pushFrontier<T>(
  f: number[],
  pos: number,
  heap: BinaryHeap<T>,
  before: (a: T, b: T) => boolean,
): void {
  let i = f.length
  f.push(pos)
  const item = heap.at(pos)!
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!before(item, heap.at(f[parent]!)!)) break
    f[i] = f[parent]!
    i = parent
  }
  f[i] = pos
}

function popFrontier<T>(f: number[], heap: BinaryHeap<T>, before: (a: T, b: T) => boolean): number {
  const top = f[0]!
  const last = f.pop()!
  const n = f.length
  if (n === 0) return top
  const item = heap.at(last)!
  let i = 0
  for (;;) {
    const l = 2 * i + 1
    if (l >= n) break
    const r = l + 1
    const child = r < n && before(heap.at(f[r]!)!, heap.at(f[l]!)!) ? r : l
    if (!before(heap.at(f[child]!)!, item)) break
    f[i] = f[child]!
    i = child
  }
  f[i] = last
  return top
}
