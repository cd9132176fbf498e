// pure: the memory provider's windowed figures as compact plain data (format 1) and back, so a routing process that
// takes over continues service level, ASA, answers, abandons, Entered, OverflowOut, handle times and occupancy
// instead of starting at 0.
import type { AgentBook } from './memory-agents.ts'
import type { SubjectFigures } from './memory-subject.ts'
import { type AgentTimeline, TIMELINE_STRIDE } from './memory-timeline.ts'

/** The format this runtime writes and reads; a snapshot of a later format is refused with a clear error. */
export const WINDOW_SNAPSHOT_FORMAT = 1

/** Series rows, each column delta-encoded (a value minus the one before it; the first as is). */
export interface EncodedSeries {
  /** Row times, ms. */
  t: number[]
  /** Running totals. */
  v: number[]
  /** Rates per ms from each row on; absent when all are 0 (counters). */
  r?: number[]
}

/** Rows of two totals that move together (count and sum), delta-encoded like EncodedSeries. */
export interface EncodedPairs {
  t: number[]
  c: number[]
  s: number[]
}

/** One subject's windowed series; only those it has are present. */
export interface SubjectWindows {
  /** Agent side (a group's or queue's agents, or one agent's own): logged-in and handling agent-ms. */
  loggedIn?: EncodedSeries
  handling?: EncodedSeries
  /** Completions and their handle time, ms. */
  completions?: EncodedPairs
  /** Queue side: answers and their waits, ms. */
  answers?: EncodedPairs
  abandoned?: EncodedSeries
  /**
   * Interactions that entered it and those that left it for a later queue (no `r`: counts). Added within format 1:
   * a reader before them ignores them (their figures restart at 0 there), one after restores a snapshot without them
   * with both empty.
   */
  entered?: EncodedSeries
  overflowOut?: EncodedSeries
  /** Answers within each service level threshold read so far: [threshold ms, series]. */
  within?: Array<[number, EncodedSeries]>
  /** Answers of the exact span (time and wait, delta-encoded times): a threshold first read later starts from them. */
  recent?: { t: number[]; w: number[] }
}

/**
 * What the memory provider keeps over time windows. Counts of now (who waits, who is ready, loads) are not in it:
 * they follow from agent events and resumed interactions.
 */
export interface WindowSnapshot {
  format: typeof WINDOW_SNAPSHOT_FORMAT
  /** Clock time it was taken. */
  at: number
  /** By subject key: `group:sales`, `queue:billing`, `agent:a17`. */
  subjects: Record<string, SubjectWindows>
}

export interface WindowExportOptions {
  /** Rows of the last `exactMs` are kept exactly (default one hour) ... */
  exactMs?: number
  /** ... older ones one per `coarseMs` (default one minute): a window starting earlier is off by at most that. */
  coarseMs?: number
  /** The last answers (time and wait) kept per subject for a threshold first read later. Default 2,000. */
  recentAnswers?: number
  /**
   * Kept by a caller that exports again and again with the same options (a routing process writing its windows
   * every second): a subject whose series did not change since the last export yields the same object as then,
   * neither re-encoded nor (by a caller caching its JSON by that object) stringified again. Its older rows stay as
   * exact as when it was encoded, which restores the same figures.
   */
  reuse?: WindowReuse
}

/** What windowEntries remembers of a subject: the marks of its series, the part it yielded, the export that saw it. */
export interface ReusedPart {
  mark: number[]
  part: SubjectWindows
  seen: number
}

/**
 * What windowEntries remembers between exports, updated in place: an export every second over thousands of agents
 * that built a new map, entry and mark array per subject kept them all alive until the next one, so the young
 * generation's scavenges copied them twice (about 0.8 MB a second with 3,300 agents); now only changed subjects
 * allocate.
 */
export interface WindowReuse {
  subjects: Map<string, ReusedPart>
  /** Exports begun with it: an entry whose `seen` is older than the last complete one is a subject gone since. */
  exports: number
}

export function createWindowReuse(): WindowReuse {
  return { subjects: new Map(), exports: 0 }
}

/** The marks of every series a subject's export reads (TimeRows.markInto), in a fixed order, appended to `out`. */
function markOf(f: SubjectFigures | undefined, agent: AgentTimeline | undefined, out: number[]): number[] {
  const agents = agent ?? f?.sidesIfAny().agents
  if (agents) agents.markInto(out)
  else out.push(-2)
  const queue = f?.sidesIfAny().queue
  if (!queue) {
    out.push(-2)
    return out
  }
  const parts = queue.windowParts()
  parts.answers.markInto(out)
  parts.abandoned.markInto(out)
  parts.entered.markInto(out)
  parts.overflowOut.markInto(out)
  out.push(parts.within.length)
  for (const w of parts.within) {
    out.push(w.thresholdMs)
    w.series.markInto(out)
  }
  out.push(parts.log.size)
  parts.log.forEachLast(1, (time, wait) => out.push(time, wait))
  return out
}

function sameMark(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** A snapshot that cannot be restored: a later format, a broken shape, or a provider that already counts. */
export class WindowSnapshotError extends Error {
  override readonly name = 'WindowSnapshotError'
}

/** What the provider hands over: its subjects (made on demand by `figures`) and its agents. */
export interface WindowSources {
  subjects: ReadonlyMap<string, SubjectFigures>
  figures(key: string): SubjectFigures
  agents: AgentBook
}

/** Older than `cutoff`: only the last row of each `coarseMs` bucket (what follows a row is exact from it). */
export function keepRows(rows: number[], cutoff: number, coarseMs: number, count = rows.length): number[] {
  if (count === 0 || rows[0]! >= cutoff) return rows
  const out: number[] = []
  for (let i = 0; i < count; i += 3) {
    const t = rows[i]!
    const next = i + 3 < count ? rows[i + 3] : undefined
    if (
      t < cutoff &&
      next !== undefined &&
      next < cutoff &&
      Math.floor(next / coarseMs) === Math.floor(t / coarseMs)
    )
      continue
    out.push(t, rows[i + 1]!, rows[i + 2]!)
  }
  return out
}

/**
 * Where countTriples, column, the rates and timelineColumn write their numbers (from index 0; synchronous, never
 * nested) before `slice` copies them out as an array of their length. Pushing onto `[]` grew a store to 17 places,
 * then 41, 77 ... (each growth a new store), most of what the windows' few-row parts allocated; `new Array(n)` is
 * holey, which JSON.stringify walks on its slow path (a fifth more CPU a slice pass).
 */
const building: number[] = []

/**
 * A count series' `time, total` rows (CountSeries, `from` to `to`) as `time, total, 0` triples: the snapshot carries
 * it as an EncodedSeries, so keepRows, the encoding and the decoding are the ones of the other series.
 */
export function countTriples(rows: readonly number[], from = 0, to = rows.length): number[] {
  let k = 0
  for (let i = from; i < to; i += 2) {
    building[k++] = rows[i]!
    building[k++] = rows[i + 1]!
    building[k++] = 0
  }
  return building.slice(0, k)
}

/** Column `c` of triples, delta-encoded. */
function column(rows: readonly number[], c: number, count: number): number[] {
  let before = 0
  let k = 0
  for (let i = c; i < count; i += 3) {
    building[k++] = rows[i]! - before
    before = rows[i]!
  }
  return building.slice(0, k)
}

/** `count`: the rows are the first `count` numbers of `rows` (a scratch array longer than its rows). */
export function encodeSeries(rows: readonly number[], count = rows.length): EncodedSeries | undefined {
  if (count === 0) return undefined
  const out: EncodedSeries = { t: column(rows, 0, count), v: column(rows, 1, count) }
  // the rates only when one is not 0 (counters have none)
  for (let i = 2; i < count; i += 3)
    if (rows[i] !== 0) {
      let k = 0
      for (let j = 2; j < count; j += 3) building[k++] = rows[j]!
      out.r = building.slice(0, k)
      break
    }
  return out
}

export function encodePairs(rows: readonly number[], count = rows.length): EncodedPairs | undefined {
  if (count === 0) return undefined
  return { t: column(rows, 0, count), c: column(rows, 1, count), s: column(rows, 2, count) }
}

/**
 * One figure of a timeline as `time, a, b` triples (columns `a`, `a + 1`), or none when it never moved. A row
 * where this figure did not change (another one did) is left out: `integral` figures (total, rate) follow from the
 * row before; counters (count, sum) stay as they were.
 */
export function timelineColumn(
  rows: readonly number[],
  from: number,
  a: number,
  integral: boolean,
  to = rows.length,
): number[] | undefined {
  const n = timelineColumnInto(building, rows, from, a, integral, to)
  return n < 0 ? undefined : building.slice(0, n)
}

/**
 * timelineColumn's rows written into `out` from its start (a scratch array a caller reuses: it grows, never
 * shrinks); answers how many numbers it wrote, or -1 when the figure never moved.
 */
export function timelineColumnInto(
  out: number[],
  rows: readonly number[],
  from: number,
  a: number,
  integral: boolean,
  to = rows.length,
): number {
  let n = 0
  let moved = false
  for (let i = from; i < to; i += TIMELINE_STRIDE) {
    const x = rows[i + a]!
    const y = rows[i + a + 1]!
    if (x !== 0 || y !== 0) moved = true
    if (n > 0) {
      const px = out[n - 2]!
      const py = out[n - 1]!
      const expected = integral ? px + py * (rows[i]! - out[n - 3]!) : px
      if (y === py && Math.abs(x - expected) <= 1e-6 * Math.max(1, Math.abs(x))) continue
    }
    out[n++] = rows[i]!
    out[n++] = x
    out[n++] = y
  }
  return moved ? n : -1
}

function agentWindows(side: AgentTimeline, cutoff: number, coarseMs: number): SubjectWindows {
  // read in place, not copied: each column below copies only the rows where its figure moved
  const rows = side.sharedRows()
  const from = side.keptFrom()
  const loggedIn = timelineColumn(rows, from, 1, true)
  const handling = timelineColumn(rows, from, 3, true)
  const completions = timelineColumn(rows, from, 5, false)
  const out: SubjectWindows = {}
  const a = loggedIn && encodeSeries(keepRows(loggedIn, cutoff, coarseMs))
  const b = handling && encodeSeries(keepRows(handling, cutoff, coarseMs))
  const c = completions && encodePairs(keepRows(completions, cutoff, coarseMs))
  if (a) out.loggedIn = a
  if (b) out.handling = b
  if (c) out.completions = c
  return out
}

function queueWindows(
  f: SubjectFigures,
  cutoff: number,
  coarseMs: number,
  recentAnswers: number,
): SubjectWindows {
  const queue = f.sidesIfAny().queue
  if (!queue) return {}
  const parts = queue.windowParts()
  const out: SubjectWindows = {}
  const answers = encodePairs(keepRows(parts.answers.exportRows(), cutoff, coarseMs))
  const abandoned = encodeSeries(keepRows(parts.abandoned.exportRows(), cutoff, coarseMs))
  if (answers) out.answers = answers
  if (abandoned) out.abandoned = abandoned
  const entered = encodeSeries(
    keepRows(countTriples(parts.entered.sharedRows(), parts.entered.keptFrom()), cutoff, coarseMs),
  )
  const overflowOut = encodeSeries(
    keepRows(countTriples(parts.overflowOut.sharedRows(), parts.overflowOut.keptFrom()), cutoff, coarseMs),
  )
  if (entered) out.entered = entered
  if (overflowOut) out.overflowOut = overflowOut
  const within: Array<[number, EncodedSeries]> = []
  for (const w of parts.within) {
    const series = encodeSeries(keepRows(w.series.exportRows(), cutoff, coarseMs))
    if (series) within.push([w.thresholdMs, series])
  }
  if (within.length > 0) out.within = within
  const t: number[] = []
  const w: number[] = []
  let before = 0
  // only the last `recentAnswers`: a busy queue answers thousands an hour
  parts.log.forEachLast(recentAnswers, (time, wait) => {
    if (time < cutoff) return
    t.push(time - before)
    w.push(wait)
    before = time
  })
  if (t.length > 0) out.recent = { t, w }
  return out
}

/**
 * The snapshot's subjects one at a time, one entry per key, so a caller can pause between them and keep its event
 * loop free; rows are read as each subject is reached.
 */
export function* windowEntries(
  src: WindowSources,
  now: number,
  options: WindowExportOptions = {},
): Generator<[string, SubjectWindows]> {
  const cutoff = now - (options.exactMs ?? 3_600_000)
  const coarseMs = Math.max(1, options.coarseMs ?? 60_000)
  const recentAnswers = Math.max(0, options.recentAnswers ?? 2000)
  const reuse = options.reuse
  const exportNo = reuse ? ++reuse.exports : 0
  /** The marks of the subject at hand, written over for each (copied only when they changed). */
  const scratch: number[] = []
  /** The part of `key`: the one of the last export when its series did not change since. */
  function partOf(key: string, build: () => SubjectWindows, f?: SubjectFigures, agent?: AgentTimeline) {
    if (!reuse) return build()
    scratch.length = 0
    markOf(f, agent, scratch)
    const before = reuse.subjects.get(key)
    if (before === undefined) {
      const part = build()
      reuse.subjects.set(key, { mark: scratch.slice(), part, seen: exportNo })
      return part
    }
    before.seen = exportNo
    // a new part, not the old one changed: a caller may cache its JSON by the part object
    if (!sameMark(before.mark, scratch)) {
      before.mark = scratch.slice()
      before.part = build()
    }
    return before.part
  }
  for (const [key, f] of src.subjects) {
    // an agent's subject goes out with its record below
    if (key.startsWith('agent:') && src.agents.known(key.slice(6))) continue
    const part = partOf(
      key,
      () => {
        const agents = f.sidesIfAny().agents
        return {
          ...(agents ? agentWindows(agents, cutoff, coarseMs) : {}),
          ...queueWindows(f, cutoff, coarseMs, recentAnswers),
        }
      },
      f,
    )
    if (Object.keys(part).length > 0) yield [key, part]
  }
  // an agent's own figures are its record; its subject object, if any, holds interactions targeted at it
  for (const agent of src.agents.records()) {
    const key = `agent:${agent.id}`
    const f = src.subjects.get(key)
    const part = partOf(
      key,
      () => ({
        ...(f ? queueWindows(f, cutoff, coarseMs, recentAnswers) : {}),
        ...agentWindows(agent, cutoff, coarseMs),
      }),
      f,
      agent,
    )
    if (Object.keys(part).length > 0) yield [key, part]
  }
  // subjects gone since (dropped by a reload) are forgotten with the export that no longer has them
  if (reuse)
    for (const [key, entry] of reuse.subjects) if (entry.seen !== exportNo) reuse.subjects.delete(key)
}

/** The provider's windowed figures at `now` (see WindowSnapshot). */
export function exportWindows(
  src: WindowSources,
  now: number,
  options: WindowExportOptions = {},
): WindowSnapshot {
  return {
    format: WINDOW_SNAPSHOT_FORMAT,
    at: now,
    subjects: Object.fromEntries(windowEntries(src, now, options)),
  }
}
