// pure: puts a WindowSnapshot (window-snapshot.ts), or the rows window-slices-merge.ts joined (DecodedWindows), back
// into a memory provider that knows its agents' states but has counted no interaction yet; checks the snapshot's
// format and shape first, so a bad one changes nothing. The one decoder of encoded rows.
import { type SharedAnswerLog, shareLog } from './answer-log-sharing.ts'
import type { AgentTimeline } from './memory-timeline.ts'
import {
  type EncodedPairs,
  type EncodedSeries,
  type SubjectWindows,
  WINDOW_SNAPSHOT_FORMAT,
  type WindowSnapshot,
  WindowSnapshotError,
  type WindowSources,
} from './window-snapshot.ts'

function numbers(value: unknown, where: string): number[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'number' && Number.isFinite(x)))
    throw new WindowSnapshotError(`Window snapshot: ${where} is not a list of finite numbers.`)
  return value
}

/**
 * Undoes the delta encoding of the columns into `time, a, b` triples appended to `rows`, checking lengths and time
 * order; rows not after the last one already in `rows` are left out (window-slices-merge.ts joins overlapping parts
 * so, decoding each straight into the joined rows).
 */
function triples(
  t: number[],
  a: number[],
  b: number[] | undefined,
  where: string,
  deltaB: boolean,
  rows: number[],
): number[] {
  if (a.length !== t.length || (b !== undefined && b.length !== t.length))
    throw new WindowSnapshotError(`Window snapshot: ${where} has columns of different lengths.`)
  const after = rows.length > 0 ? rows[rows.length - 3]! : Number.NEGATIVE_INFINITY
  let time = 0
  let x = 0
  let y = 0
  for (let i = 0; i < t.length; i++) {
    if (i > 0 && t[i]! < 0) throw new WindowSnapshotError(`Window snapshot: ${where} goes back in time.`)
    time += t[i]!
    x += a[i]!
    y = b === undefined ? 0 : deltaB ? y + b[i]! : b[i]!
    if (time > after) rows.push(time, x, y)
  }
  return rows
}

/** A series' rows (appended to `into`, after its last row). */
export function seriesRows(value: unknown, where: string, into: number[] = []): number[] {
  const s = (value ?? {}) as Partial<EncodedSeries>
  const r = s.r === undefined ? undefined : numbers(s.r, `${where}.r`)
  return triples(numbers(s.t, `${where}.t`), numbers(s.v, `${where}.v`), r, where, false, into)
}

export function pairRows(value: unknown, where: string, into: number[] = []): number[] {
  const s = (value ?? {}) as Partial<EncodedPairs>
  return triples(
    numbers(s.t, `${where}.t`),
    numbers(s.c, `${where}.c`),
    numbers(s.s, `${where}.s`),
    where,
    true,
    into,
  )
}

/** A subject's windows decoded to rows (`time, a, b` triples in time order), ready to install. */
export interface DecodedSubject {
  loggedIn?: number[]
  handling?: number[]
  completions?: number[]
  answers?: number[]
  abandoned?: number[]
  /** Counts as `time, total, 0` triples (window-snapshot.ts countTriples). */
  entered?: number[]
  overflowOut?: number[]
  within: Array<[number, number[]]>
  recent: Array<[number, number]>
}

function decodeSubject(key: string, w: SubjectWindows): DecodedSubject {
  if (typeof w !== 'object' || w === null)
    throw new WindowSnapshotError(`Window snapshot: ${key} is not an object.`)
  const out: DecodedSubject = { within: [], recent: [] }
  if (w.loggedIn !== undefined) out.loggedIn = seriesRows(w.loggedIn, `${key}.loggedIn`)
  if (w.handling !== undefined) out.handling = seriesRows(w.handling, `${key}.handling`)
  if (w.completions !== undefined) out.completions = pairRows(w.completions, `${key}.completions`)
  if (w.answers !== undefined) out.answers = pairRows(w.answers, `${key}.answers`)
  if (w.abandoned !== undefined) out.abandoned = seriesRows(w.abandoned, `${key}.abandoned`)
  if (w.entered !== undefined) out.entered = seriesRows(w.entered, `${key}.entered`)
  if (w.overflowOut !== undefined) out.overflowOut = seriesRows(w.overflowOut, `${key}.overflowOut`)
  for (const entry of w.within ?? []) {
    const [threshold, series] = Array.isArray(entry) ? entry : []
    if (typeof threshold !== 'number' || !(threshold >= 0))
      throw new WindowSnapshotError(`Window snapshot: ${key}.within has a bad threshold.`)
    out.within.push([threshold, seriesRows(series, `${key}.within`)])
  }
  if (w.recent !== undefined) {
    const t = numbers(w.recent.t, `${key}.recent.t`)
    const waits = numbers(w.recent.w, `${key}.recent.w`)
    if (t.length !== waits.length)
      throw new WindowSnapshotError(`Window snapshot: ${key}.recent has columns of different lengths.`)
    let time = 0
    for (let i = 0; i < t.length; i++) {
      if (i > 0 && t[i]! < 0)
        throw new WindowSnapshotError(`Window snapshot: ${key}.recent goes back in time.`)
      time += t[i]!
      out.recent.push([time, waits[i]!])
    }
  }
  return out
}

/**
 * A snapshot's subjects already decoded to rows (window-slices-merge.ts joins a subject's parts into them), restored
 * without being encoded and decoded again; `format` is the snapshot format its parts were written in.
 */
export class DecodedWindows {
  constructor(
    readonly format: number,
    readonly at: number,
    readonly subjects: ReadonlyMap<string, DecodedSubject>,
  ) {}
}

function checkFormat(format: unknown): void {
  if (format !== WINDOW_SNAPSHOT_FORMAT)
    throw new WindowSnapshotError(
      typeof format === 'number' && format > WINDOW_SNAPSHOT_FORMAT
        ? `Window snapshot of format ${format} comes from a newer Routewright; this one reads format ${WINDOW_SNAPSHOT_FORMAT}.`
        : `Window snapshot: unknown format ${String(format)} (expected ${WINDOW_SNAPSHOT_FORMAT}).`,
    )
}

/** Checks a snapshot read from elsewhere (JSON) and decodes it; throws WindowSnapshotError with the reason. */
function decodeSnapshot(snapshot: unknown): ReadonlyMap<string, DecodedSubject> {
  if (snapshot instanceof DecodedWindows) {
    checkFormat(snapshot.format)
    return snapshot.subjects
  }
  const s = snapshot as Partial<WindowSnapshot> | null
  if (typeof s !== 'object' || s === null) throw new WindowSnapshotError('Window snapshot: not an object.')
  checkFormat(s.format)
  if (typeof s.subjects !== 'object' || s.subjects === null)
    throw new WindowSnapshotError('Window snapshot: subjects is not an object.')
  const out = new Map<string, DecodedSubject>()
  for (const [key, w] of Object.entries(s.subjects)) {
    if (!/^(agent|group|queue):./.test(key))
      throw new WindowSnapshotError(`Window snapshot: bad subject "${key}".`)
    out.set(key, decodeSubject(key, w))
  }
  return out
}

function counted(side: AgentTimeline | undefined): boolean {
  return side?.hasCompletions() ?? false
}

/** `time, total, rate` triples as a count series' `time, total` rows (CountSeries.importRows). */
function countRows(triples: readonly number[]): number[] {
  const out: number[] = []
  for (let i = 0; i < triples.length; i += 3) out.push(triples[i]!, triples[i + 1]!)
  return out
}

/** Index in `triples` of the last `time, a, b` row at or before `t`, or -1 (rows are in time order). */
function tripleAtOrBefore(triples: readonly number[], t: number, from: number): number {
  let k = from
  while (k + 3 < triples.length && triples[k + 3]! <= t) k += 3
  return triples.length > 0 && triples[k]! <= t ? k : -1
}

/**
 * Joins a snapshot's three agent figures (logged-in and handling time as `time, total, rate`, completions as
 * `time, count, sum`) into timeline rows at every time any of them changed.
 */
function timelineRows(d: DecodedSubject): number[] {
  const li = d.loggedIn ?? []
  const h = d.handling ?? []
  const c = d.completions ?? []
  const times = new Set<number>()
  for (const triples of [li, h, c]) for (let i = 0; i < triples.length; i += 3) times.add(triples[i]!)
  const rows: number[] = []
  let ki = 0
  let kh = 0
  let kc = 0
  for (const t of [...times].sort((x, y) => x - y)) {
    const i = tripleAtOrBefore(li, t, ki)
    const j = tripleAtOrBefore(h, t, kh)
    const k = tripleAtOrBefore(c, t, kc)
    if (i >= 0) ki = i
    if (j >= 0) kh = j
    if (k >= 0) kc = k
    // a time integral at t: the row's total plus its rate since; a counter: the row's values
    const integral = (triples: readonly number[], r: number) =>
      r < 0 ? [0, 0] : [triples[r + 1]! + triples[r + 2]! * (t - triples[r]!), triples[r + 2]!]
    rows.push(t, ...integral(li, i), ...integral(h, j), k < 0 ? 0 : c[k + 1]!, k < 0 ? 0 : c[k + 2]!)
  }
  return rows
}

/** Installs an agent side's rows; from `now` on its rates are what the agents' states (already set) give. */
function restoreAgentSide(side: AgentTimeline, d: DecodedSubject, now: number): void {
  const rates = side.currentRates()
  side.importRows(timelineRows(d))
  side.setRates(now, rates.loggedIn, rates.handling)
}

/**
 * Continues the snapshot's windows (a WindowSnapshot, or DecodedWindows) in the provider at `now`. Call it once agents' states are set (their time
 * integrals go on at today's rates) and before any interaction is counted; otherwise it throws and changes nothing.
 */
export function restoreWindows(src: WindowSources, snapshot: unknown, now: number): void {
  const decoded = decodeSnapshot(snapshot)
  for (const [key, f] of src.subjects) {
    const { agents, queue } = f.sidesIfAny()
    const q = queue?.windowParts()
    const queueCounted =
      q &&
      (q.answers.size > 0 ||
        q.abandoned.size > 0 ||
        q.entered.size > 0 ||
        q.overflowOut.size > 0 ||
        q.log.size > 0)
    if (counted(agents) || queueCounted)
      throw new WindowSnapshotError(
        `Window snapshot: restore it before the provider counts interactions (${key} already has some).`,
      )
  }
  for (const agent of src.agents.records())
    if (counted(agent))
      throw new WindowSnapshotError(
        `Window snapshot: restore it before the provider counts interactions (agent:${agent.id} already has some).`,
      )
  // subjects restored with the same answers share one log, as they did when they were told them
  const restoredLogs = new Map<string, SharedAnswerLog>()
  for (const [key, d] of decoded) {
    if (d.loggedIn || d.handling || d.completions)
      restoreAgentSide(
        key.startsWith('agent:') ? src.agents.record(key.slice(6)) : src.figures(key).agents,
        d,
        now,
      )
    if (
      !d.answers &&
      !d.abandoned &&
      !d.entered &&
      !d.overflowOut &&
      d.within.length === 0 &&
      d.recent.length === 0
    )
      continue
    const queue = src.figures(key).queue
    const parts = queue.windowParts()
    if (d.recent.length > 0) {
      const answers = d.recent.join(';')
      const same = restoredLogs.get(answers)
      if (same !== undefined) shareLog(queue, same)
      else {
        for (const [time, wait] of d.recent) queue.log.push(time, wait)
        restoredLogs.set(answers, queue.log)
      }
    }
    if (d.answers) parts.answers.importRows(d.answers)
    if (d.abandoned) parts.abandoned.importRows(d.abandoned)
    if (d.entered) parts.entered.importRows(countRows(d.entered))
    if (d.overflowOut) parts.overflowOut.importRows(countRows(d.overflowOut))
    // a threshold already read keeps its series object (the router may hold it); its rows are replaced
    for (const [threshold, rows] of d.within) queue.within(threshold).importRows(rows)
  }
}
