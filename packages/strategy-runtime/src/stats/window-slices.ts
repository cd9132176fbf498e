// pure: the memory provider's windows as one part per subject and time slice, and of those only the parts a change
// touched since the last write, so a writer that sends them every second pays for the traffic, not for its uptime.

import { stringShare } from '../util/string-hash.ts'
import type { SubjectFigures } from './memory-subject.ts'
import { type AgentTimeline, TIMELINE_STRIDE } from './memory-timeline.ts'
import { BUCKET_MS, type TimeRows } from './time-rows.ts'
import {
  countTriples,
  encodePairs,
  encodeSeries,
  keepRows,
  type SubjectWindows,
  timelineColumnInto,
  type WindowSources,
} from './window-snapshot.ts'

/**
 * A slice's length: it divides time-rows.ts BUCKET_MS (so a series' coarse cut is a slice edge) and is whole
 * minutes (so the export's per-minute coarsening never splits a minute over two slices). One minute: the slice of
 * now holds about what a subject's whole part held a minute after start (5 minutes sent 3.6 times the bytes).
 */
export const WINDOW_SLICE_MS = 60_000
/** Rows older than this are sent one a minute (window-snapshot.ts exactMs and coarseMs defaults, as a reader keeps them). */
const EXACT_MS = 3_600_000
const COARSE_MS = 60_000

/**
 * Slices of a quarter hour (time-rows.ts BUCKET_MS, so a coarse cut is a part's edge) are joined into one part
 * (`@<first slice>+15`) once a subject's last row is past it by the subject's join delay, and those of five minutes
 * within it likewise: their rows no longer change but by a coarse cut or the horizon, and a full write or a
 * takeover's read pays per part (60 one-minute parts an hour per subject made a full write 1.5x format 2's bytes and
 * 3-5x its CPU).
 */
const JOINED_MS = [BUCKET_MS, 5 * 60_000]

/** How many slices each level of joined parts holds, longest first (those a slice length divides). */
function joinLengths(sliceMs: number): number[] {
  return JOINED_MS.filter((ms) => ms > sliceMs && ms % sliceMs === 0).map((ms) => ms / sliceMs)
}

/** joinLengths of the slice length last asked: one length per writer, asked for every changed subject. */
let lastJoins: { sliceMs: number; lengths: readonly number[] } = {
  sliceMs: WINDOW_SLICE_MS,
  lengths: joinLengths(WINDOW_SLICE_MS),
}
function joinLengthsOf(sliceMs: number): readonly number[] {
  if (lastJoins.sliceMs !== sliceMs) lastJoins = { sliceMs, lengths: joinLengths(sliceMs) }
  return lastJoins.lengths
}

/**
 * How far past a joined part's end (as a share of its length) a subject's last row must be before the part is joined:
 * from a hash of its key, so busy subjects' joins spread over the next quarter hour (five minutes) instead of all
 * coming due in the first write after it (every busy agent's quarter hour in one write: 5-6 KB per interaction).
 */
export function joinDelayShare(subject: string): number {
  return stringShare(subject)
}

/** The part holding a subject's rows before its coarse cut (samples, few), and the one of its last answers. */
export const OLD_SLICE = 'old'
export const RECENT_SLICE = 'recent'
/** Answers kept in the recent part (window-snapshot.ts recentAnswers' default). */
const RECENT_ANSWERS = 2000

/**
 * A part's name: `group:support@5912345` (slice number), `group:support@5912340+15` (the 15 slices from that one
 * joined), `@old` or `@recent`; subject keys may hold `@`.
 */
export function sliceField(subject: string, slice: number | string): string {
  return `${subject}@${slice}`
}

/** What the last successful write sent of a subject: enough to tell which of its parts a change touched. */
export interface SlicedSubject {
  /** Which series it has (agent side, queue side, within thresholds): another shape rewrites it whole. */
  shape: string
  /** Per series: kept rows, first and last row time, coarse cut, then the last row (zeros when empty). */
  marks: number[]
  /** Size and last entry of the answer log. */
  recentMark: number[]
  /** Rows before this time are in the `old` part (the latest coarse cut of its series), the rest in slices. */
  cut: number
  /** The slices written, from `lo` to `hi` (empty ones are absent), joined as partOf says for `at`. */
  lo: number
  hi: number
  /** The last row's time in slices (fractional; `hi` is its floor): when joins came due. */
  at: number
  /** Slices before this one were past the exact hour when it was written: sent one row a minute. */
  line: number
  old: boolean
  recent: boolean
  seen: number
}

/** Kept by the writer between writes; changed only through applySliceChange (after Redis took the write). */
export interface WindowSliceState {
  subjects: Map<string, SlicedSubject>
  /** Change sets computed: a subject not seen by the last one is gone. */
  passes: number
}

export function createWindowSliceState(): WindowSliceState {
  return { subjects: new Map(), passes: 0 }
}

/** One subject's parts to set and names to delete; `next` is its state once written (none: it is gone). */
export interface SliceChange {
  subject: string
  set: Array<[string, SubjectWindows]>
  removed: string[]
  next: SlicedSubject | undefined
}

/** The write that carried `change` succeeded. */
export function applySliceChange(
  state: WindowSliceState,
  change: Pick<SliceChange, 'subject' | 'next'>,
): void {
  if (change.next) state.subjects.set(change.subject, change.next)
  else state.subjects.delete(change.subject)
}

/** A subject's windowed series, as window-snapshot.ts reads them. */
interface Series {
  list: Array<{ rows: TimeRows; stride: number }>
  timeline: AgentTimeline | undefined
  queue: ReturnType<NonNullable<ReturnType<SubjectFigures['sidesIfAny']>['queue']>['windowParts']> | undefined
  shape: string
}

/** An agent's series when it has no queue side (every agent, nearly): the same for each write, made once. */
const agentSeries = new WeakMap<AgentTimeline, Series>()

function seriesOf(f: SubjectFigures | undefined, agent: AgentTimeline | undefined): Series {
  const queueSide = f?.queueIfAny()
  if (agent && !queueSide) {
    let s = agentSeries.get(agent)
    if (!s) {
      s = { list: [{ rows: agent, stride: TIMELINE_STRIDE }], timeline: agent, queue: undefined, shape: 'T' }
      agentSeries.set(agent, s)
    }
    return s
  }
  const timeline = agent ?? f?.agentsIfAny()
  const queue = queueSide?.windowParts()
  // a literal, not a push onto []: that grows the store to 17 places, for the one series an agent has
  const list: Series['list'] = timeline ? [{ rows: timeline, stride: TIMELINE_STRIDE }] : []
  let shape = timeline ? 'T' : '-'
  if (queue) {
    list.push(
      { rows: queue.answers, stride: 3 },
      { rows: queue.abandoned, stride: 3 },
      { rows: queue.entered, stride: 2 },
      { rows: queue.overflowOut, stride: 2 },
    )
    shape += 'Q'
    for (const w of queue.within) {
      list.push({ rows: w.series, stride: 3 })
      shape += `,${w.thresholdMs}`
    }
  }
  return { list, timeline, queue, shape }
}

const MARK = 4
/**
 * Numbers reused by every changeOf call (synchronous, never nested), so an unchanged subject allocates no marks;
 * `n` counts what this call wrote (setting `length = 0` would give V8's backing store up).
 */
interface Scratch {
  readonly a: number[]
  n: number
}
const scratchMarks: Scratch = { a: [], n: 0 }
const scratchRecent: Scratch = { a: [], n: 0 }

function put(out: Scratch, value: number): void {
  out.a[out.n++] = value
}

/** forEachLast's callback, made once rather than a closure per subject and write. */
function putRecent(time: number, wait: number): void {
  put(scratchRecent, time)
  put(scratchRecent, wait)
}

/** Whether `scratch` holds what `kept` does. */
function sameAs(kept: readonly number[], scratch: Scratch): boolean {
  if (kept.length !== scratch.n) return false
  for (let i = 0; i < kept.length; i++) if (kept[i] !== scratch.a[i]) return false
  return true
}

/** Appends a series' mark: fixed length (MARK + stride) so marks of one shape line up. */
function markInto(out: Scratch, rows: TimeRows, stride: number): void {
  const all = rows.sharedRows()
  const from = rows.keptFrom()
  const count = (all.length - from) / stride
  if (count === 0) {
    for (let i = 0; i < MARK + stride; i++) put(out, 0)
    return
  }
  put(out, count)
  put(out, all[from]!)
  put(out, all[all.length - stride]!)
  put(out, rows.coarseBefore)
  for (let i = all.length - stride; i < all.length; i++) put(out, all[i]!)
}

/** Indexes `[i0, i1)` of the kept rows with a time in `[lo, hi)`. */
function span(rows: TimeRows, stride: number, lo: number, hi: number): [number, number] {
  return [firstAt(rows, stride, lo), firstAt(rows, stride, hi)]
}

/** Index of the first kept row with a time at or after `at` (binary search), a multiple of `stride`. */
function firstAt(rows: TimeRows, stride: number, at: number): number {
  const all = rows.sharedRows()
  let a = rows.keptFrom() / stride
  let b = all.length / stride
  while (a < b) {
    const mid = (a + b) >> 1
    if (all[mid * stride]! < at) a = mid + 1
    else b = mid
  }
  return a * stride
}

/**
 * A timeline column's rows before they are encoded, reused by every encodedColumn call (synchronous, never nested):
 * a fresh array per column was garbage the moment it was encoded.
 */
const columnScratch: number[] = []

/**
 * timelineColumn's rows (then one a minute before `keepBefore`, when given), encoded by `encode` before the next
 * column reuses the scratch; undefined when the figure never moved.
 */
function encodedColumn<T>(
  rows: readonly number[],
  from: number,
  a: number,
  integral: boolean,
  to: number,
  keepBefore: number | undefined,
  encode: (rows: readonly number[], count: number) => T | undefined,
): T | undefined {
  const n = timelineColumnInto(columnScratch, rows, from, a, integral, to)
  if (n < 0) return undefined
  if (keepBefore === undefined) return encode(columnScratch, n)
  const kept = keepRows(columnScratch, keepBefore, COARSE_MS, n)
  return encode(kept, kept === columnScratch ? n : kept.length)
}

/**
 * The part of the rows with a time in `[lo, hi)` (each column starts afresh: a part never depends on another),
 * those before `coarseBefore` one a minute, as a reader keeps rows older than the exact hour.
 */
function partIn(s: Series, lo: number, hi: number, coarseBefore: number): SubjectWindows {
  const out: SubjectWindows = {}
  const keep = (rows: number[]) => (coarseBefore > lo ? keepRows(rows, coarseBefore, COARSE_MS) : rows)
  if (s.timeline) {
    // the two ends found apart: span's pair (and its closure) was made for every part an agent writes
    const i0 = firstAt(s.timeline, TIMELINE_STRIDE, lo)
    const i1 = firstAt(s.timeline, TIMELINE_STRIDE, hi)
    const rows = s.timeline.sharedRows()
    const keepBefore = coarseBefore > lo ? coarseBefore : undefined
    const a = i1 > i0 ? encodedColumn(rows, i0, 1, true, i1, keepBefore, encodeSeries) : undefined
    const b = i1 > i0 ? encodedColumn(rows, i0, 3, true, i1, keepBefore, encodeSeries) : undefined
    const c = i1 > i0 ? encodedColumn(rows, i0, 5, false, i1, keepBefore, encodePairs) : undefined
    if (a) out.loggedIn = a
    if (b) out.handling = b
    if (c) out.completions = c
  }
  const q = s.queue
  if (!q) return out
  const rowsIn = (rows: TimeRows) => {
    const [i0, i1] = span(rows, 3, lo, hi)
    return keep(rows.sharedRows().slice(i0, i1))
  }
  const answers = encodePairs(rowsIn(q.answers))
  const abandoned = encodeSeries(rowsIn(q.abandoned))
  if (answers) out.answers = answers
  if (abandoned) out.abandoned = abandoned
  // counts: `time, total` rows, sent as the other series' triples
  const countsIn = (rows: TimeRows) => {
    const [i0, i1] = span(rows, 2, lo, hi)
    return keep(countTriples(rows.sharedRows(), i0, i1))
  }
  const entered = encodeSeries(countsIn(q.entered))
  const overflowOut = encodeSeries(countsIn(q.overflowOut))
  if (entered) out.entered = entered
  if (overflowOut) out.overflowOut = overflowOut
  const within: Array<[number, NonNullable<SubjectWindows['loggedIn']>]> = []
  for (const w of q.within) {
    const series = encodeSeries(rowsIn(w.series))
    if (series) within.push([w.thresholdMs, series])
  }
  if (within.length > 0) out.within = within
  return out
}

/** The last answers (time delta-encoded), all of them: a reader keeps those of its window. */
function recentPart(s: Series): SubjectWindows | undefined {
  if (!s.queue || s.queue.log.size === 0) return undefined
  const t: number[] = []
  const w: number[] = []
  let before = 0
  s.queue.log.forEachLast(RECENT_ANSWERS, (time, wait) => {
    t.push(time - before)
    w.push(wait)
    before = time
  })
  return t.length > 0 ? { recent: { t, w } } : undefined
}

/** How a subject's slices are joined: the lengths (longest first) and its delay share (joinDelayShare). */
interface Joins {
  lengths: readonly number[]
  share: number
}

/**
 * The part holding slice `k` when a subject's last row is at `at` (in slices): `[first slice, slices]`, the longest
 * joined one whose span ended `share` of its length or more before `at`, else the slice alone. Joined spans are a
 * prefix of each length's, so the parts of `[lo, hi]` are a partition whatever the share.
 */
function partOf(k: number, at: number, joins: Joins): [number, number] {
  for (const n of joins.lengths) {
    const start = Math.floor(k / n) * n
    if (start + n + joins.share * n <= at) return [start, n]
  }
  return [k, 1]
}

function partField(subject: string, start: number, n: number): string {
  return sliceField(subject, n === 1 ? start : `${start}+${n}`)
}

/** Each part holding a slice of `[lo, hi]` once, in time order. */
function* partsIn(lo: number, hi: number, at: number, joins: Joins): Generator<[number, number]> {
  for (let k = lo; k <= hi; ) {
    const part = partOf(k, at, joins)
    yield part
    k = part[0] + part[1]
  }
}

/** `a` and `b` hold the same numbers from `from` to before `to`. */
function sameRange(a: readonly number[], b: readonly number[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (a[i] !== b[i]) return false
  return true
}

function same(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function isEmpty(part: SubjectWindows): boolean {
  for (const _ in part) return false
  return true
}

function ascending(a: number, b: number): number {
  return a - b
}

/** One subject's change against `prev` (everything when none or another shape), or none when nothing moved. */
function changeOf(
  subject: string,
  s: Series,
  prev: SlicedSubject | undefined,
  pass: number,
  sliceMs: number,
  line: number,
): SliceChange | undefined {
  // marks go to scratch arrays, copied only for a change: most subjects are unchanged at a write
  const marks = scratchMarks
  marks.n = 0
  let cut = Number.NEGATIVE_INFINITY
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const { rows, stride } of s.list) {
    const at = marks.n
    markInto(marks, rows, stride)
    if (marks.a[at] === 0) continue
    first = Math.min(first, marks.a[at + 1]!)
    last = Math.max(last, marks.a[at + 2]!)
    cut = Math.max(cut, marks.a[at + 3]!)
  }
  // the log's size and last answer, and the answers series' mark: every answer moves that one
  const recent = scratchRecent
  recent.n = 0
  if (s.queue) {
    put(recent, s.queue.log.size)
    s.queue.log.forEachLast(1, putRecent)
    markInto(recent, s.queue.answers, 3)
  }
  if (prev) prev.seen = pass
  if (
    prev &&
    prev.shape === s.shape &&
    prev.cut === cut &&
    sameAs(prev.marks, marks) &&
    sameAs(prev.recentMark, recent)
  ) {
    return undefined
  }
  const kept = (scratch: Scratch) => scratch.a.slice(0, scratch.n)
  return changed(subject, s, prev, pass, sliceMs, line, kept(marks), kept(recent), cut, first, last)
}

/** Adds to `dirty` the slices from `from`'s (or the cut's, if later) to `to`'s, within `[lo, hi]`. */
function touchSlices(
  dirty: Set<number>,
  lo: number,
  hi: number,
  cut: number,
  sliceMs: number,
  from: number,
  to: number,
): void {
  const end = Math.min(hi, Math.floor(to / sliceMs))
  for (let k = Math.max(lo, Math.floor(Math.max(from, cut) / sliceMs)); k <= end; k++) dirty.add(k)
}

/** changeOf's work for a subject whose marks moved (or that is new): the parts to write and delete. */
function changed(
  subject: string,
  s: Series,
  prev: SlicedSubject | undefined,
  pass: number,
  sliceMs: number,
  line: number,
  marks: number[],
  recentMark: number[],
  cut: number,
  first: number,
  last: number,
): SliceChange {
  const lo = first === Number.POSITIVE_INFINITY ? 0 : Math.floor(Math.max(first, cut) / sliceMs)
  const hi = first === Number.POSITIVE_INFINITY ? -1 : Math.floor(last / sliceMs)
  const at = last / sliceMs
  const whole = prev === undefined || prev.shape !== s.shape
  const joins: Joins = { lengths: joinLengthsOf(sliceMs), share: joinDelayShare(subject) }
  const dirty = new Set<number>()
  let dirtyOld = whole || prev.cut !== cut
  const dirtyRecent = whole || !same(prev.recentMark, recentMark)
  if (whole) touchSlices(dirty, lo, hi, cut, sliceMs, first, last)
  else {
    // slices that went past the exact hour since: sent again one row a minute (an idle subject's wait for its next
    // change; a reader coarsens them alike meanwhile); a joined part once its last slice went past
    for (let k = Math.max(prev.line, lo); k < Math.min(line, hi + 1); k++) {
      const [p, n] = partOf(k, at, joins)
      if (k === p + n - 1) dirty.add(k)
    }
    // each series' mark read in place (the same shape lines marks up): a slice of both per series was garbage
    const p = prev.marks
    const c = marks
    let end = 0
    for (const { stride } of s.list) {
      const at = end
      end += MARK + stride
      if (sameRange(p, c, at, end)) continue
      if (p[at] === 0 || c[at] === 0) {
        dirtyOld = true
        touchSlices(
          dirty,
          lo,
          hi,
          cut,
          sliceMs,
          Math.min(p[at + 1]!, c[at + 1]!),
          Math.max(p[at + 2]!, c[at + 2]!),
        )
        continue
      }
      // rows appended or the last one folded: from the last row written on (when that one's part is joined
      // since, the joined part is written, and the shorter ones it replaces deleted below; a series keeps a row as
      // its base, so its last row never goes back)
      touchSlices(dirty, lo, hi, cut, sliceMs, p[at + 2]!, c[at + 2]!)
      if (p[at + 2]! < cut) dirtyOld = true
      // coarsened (rows from the last cut to the new one replaced by samples, a row at the new cut)
      if (c[at + 3] !== p[at + 3]) {
        dirtyOld = true
        touchSlices(dirty, lo, hi, cut, sliceMs, p[at + 3]!, c[at + 3]!)
      }
      // old rows dropped from the front
      if (c[at + 1] !== p[at + 1]) {
        if (p[at + 1]! < cut) dirtyOld = true
        touchSlices(dirty, lo, hi, cut, sliceMs, p[at + 1]!, c[at + 1]!)
      }
    }
  }
  const set: Array<[string, SubjectWindows]> = []
  const removed: string[] = []
  let hasOld = prev?.old ?? false
  if (dirtyOld) {
    const part = first < cut ? partIn(s, Number.NEGATIVE_INFINITY, cut, Number.NEGATIVE_INFINITY) : {}
    hasOld = !isEmpty(part)
    if (hasOld) set.push([sliceField(subject, OLD_SLICE), part])
    else if (prev?.old) removed.push(sliceField(subject, OLD_SLICE))
  }
  // the parts written before that are not parts now (out of the range, or joined since): their slices still in the
  // range go again in the parts that hold them now (a join comes due with no row in the joined span)
  if (prev)
    for (const [p, n] of partsIn(prev.lo, prev.hi, prev.at, joins)) {
      const k = Math.max(p, lo)
      const to = Math.min(p + n - 1, hi)
      const now = k <= to ? partOf(k, at, joins) : undefined
      if (now?.[0] === p && now[1] === n) continue
      removed.push(partField(subject, p, n))
      for (let j = k; j <= to; j++) dirty.add(j)
    }
  // the parts holding the dirty slices, in time order: slices in order give their parts in order, each part's
  // slices one after the other (the slices of one part all answer it), so a part is the one before or a new one
  const slices = Array.from(dirty).sort(ascending)
  let before = Number.NaN
  for (const k of slices) {
    const [p, n] = partOf(k, at, joins)
    if (p === before) continue
    before = p
    const part = partIn(s, p * sliceMs, (p + n) * sliceMs, line * sliceMs)
    const name = partField(subject, p, n)
    if (!isEmpty(part)) set.push([name, part])
    // a part emptied (or never written) is deleted: deleting a name that is not there costs nothing
    else if (prev) removed.push(name)
  }
  let hasRecent = prev?.recent ?? false
  if (dirtyRecent) {
    const part = recentPart(s)
    hasRecent = part !== undefined
    if (part) set.push([sliceField(subject, RECENT_SLICE), part])
    else if (prev?.recent) removed.push(sliceField(subject, RECENT_SLICE))
  }
  const next: SlicedSubject = {
    shape: s.shape,
    marks,
    recentMark,
    cut,
    lo,
    hi,
    at,
    line,
    old: hasOld,
    recent: hasRecent,
    seen: pass,
  }
  return { subject, set, removed, next }
}

/** Every part of a subject gone since the last write (a reload dropped it). */
function goneOf(subject: string, prev: SlicedSubject, sliceMs: number): SliceChange {
  const removed: string[] = []
  if (prev.old) removed.push(sliceField(subject, OLD_SLICE))
  if (prev.recent) removed.push(sliceField(subject, RECENT_SLICE))
  const joins: Joins = { lengths: joinLengthsOf(sliceMs), share: joinDelayShare(subject) }
  for (const [p, n] of partsIn(prev.lo, prev.hi, prev.at, joins)) removed.push(partField(subject, p, n))
  return { subject, set: [], removed, next: undefined }
}

/** Each agent record's subject key, built once rather than at every write (the record lives as long as its agent). */
const agentKeys = new WeakMap<AgentTimeline & { readonly id: string }, string>()
function agentKey(agent: AgentTimeline & { readonly id: string }): string {
  let key = agentKeys.get(agent)
  if (key === undefined) {
    key = `agent:${agent.id}`
    agentKeys.set(agent, key)
  }
  return key
}

/**
 * The subjects whose parts changed since what `state` says was written, one at a time (a caller pauses between
 * them), then those gone. With a new state: every part of every subject (a full write). `state` itself is left
 * as it is: applySliceChange records a change once it is written, so a failed write is sent again whole.
 */
export function* windowSliceChanges(
  src: WindowSources,
  state: WindowSliceState,
  now: number,
  sliceMs = WINDOW_SLICE_MS,
): Generator<SliceChange> {
  const pass = ++state.passes
  const line = Math.floor((now - EXACT_MS) / sliceMs)
  const known = state.subjects
  for (const [key, f] of src.subjects) {
    // an agent's subject goes out with its record below
    if (key.startsWith('agent:') && src.agents.known(key.slice(6))) continue
    const change = changeOf(key, seriesOf(f, undefined), known.get(key), pass, sliceMs, line)
    if (change) yield change
  }
  for (const agent of src.agents.records()) {
    const key = agentKey(agent)
    const change = changeOf(key, seriesOf(src.subjects.get(key), agent), known.get(key), pass, sliceMs, line)
    if (change) yield change
  }
  // found by forEach (no entry array per subject), all at once: nothing the caller does between yields adds one
  const gone: Array<[string, SlicedSubject]> = []
  known.forEach((prev, key) => {
    if (prev.seen !== pass) gone.push([key, prev])
  })
  for (const [key, prev] of gone) yield goneOf(key, prev, sliceMs)
}
