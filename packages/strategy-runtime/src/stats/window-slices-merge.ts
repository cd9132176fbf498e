// pure: a subject's slice parts (window-slices.ts) read back into one snapshot's rows, rows older than the window's
// exact span coarsened and the answers cut to the last ones as window-snapshot.ts's export does, so what a writer
// sent part by part over hours restores the figures a full write at the same time restores. The rows go to the
// restore as they are (DecodedWindows): encoding them again only for the restore to decode them cost about a third
// of a takeover's read.
import { type DecodedSubject, DecodedWindows, pairRows, seriesRows } from './window-restore.ts'
import { OLD_SLICE, RECENT_SLICE } from './window-slices.ts'
import {
  keepRows,
  type SubjectWindows,
  WINDOW_SNAPSHOT_FORMAT,
  WindowSnapshotError,
} from './window-snapshot.ts'

/** What the writer exported with (window-snapshot.ts WindowExportOptions' defaults when absent). */
export interface SliceMergeOptions {
  /** When the parts were written last: the exact span ends here. */
  at: number
  exactMs?: number
  coarseMs?: number
  recentAnswers?: number
  /** The snapshot format the parts were written in (the restore refuses one it does not read); default this one's. */
  format?: number
}

/** A subject's rows by series, joined over its parts in time order. */
interface Joined {
  loggedIn: number[]
  handling: number[]
  completions: number[]
  answers: number[]
  abandoned: number[]
  entered: number[]
  overflowOut: number[]
  within: Map<number, number[]>
  recent: Array<[number, number]>
}

function joinPart(j: Joined, where: string, w: SubjectWindows): void {
  if (typeof w !== 'object' || w === null)
    throw new WindowSnapshotError(`Window slices: ${where} is not an object.`)
  // each decoded after the rows before it (a part overlapping the one before is cut: never back)
  if (w.loggedIn !== undefined) seriesRows(w.loggedIn, `${where}.loggedIn`, j.loggedIn)
  if (w.handling !== undefined) seriesRows(w.handling, `${where}.handling`, j.handling)
  if (w.completions !== undefined) pairRows(w.completions, `${where}.completions`, j.completions)
  if (w.answers !== undefined) pairRows(w.answers, `${where}.answers`, j.answers)
  if (w.abandoned !== undefined) seriesRows(w.abandoned, `${where}.abandoned`, j.abandoned)
  if (w.entered !== undefined) seriesRows(w.entered, `${where}.entered`, j.entered)
  if (w.overflowOut !== undefined) seriesRows(w.overflowOut, `${where}.overflowOut`, j.overflowOut)
  for (const entry of Array.isArray(w.within) ? w.within : []) {
    const [threshold, series] = Array.isArray(entry) ? entry : []
    if (typeof threshold !== 'number' || !(threshold >= 0))
      throw new WindowSnapshotError(`Window slices: ${where}.within has a bad threshold.`)
    const rows = j.within.get(threshold) ?? []
    seriesRows(series, `${where}.within`, rows)
    j.within.set(threshold, rows)
  }
  if (w.recent !== undefined) {
    const { t, w: waits } = (w.recent ?? {}) as { t?: unknown; w?: unknown }
    const finite = (x: unknown) =>
      Array.isArray(x) && x.every((n) => typeof n === 'number' && Number.isFinite(n))
    if (!finite(t) || !finite(waits) || (t as number[]).length !== (waits as number[]).length)
      throw new WindowSnapshotError(
        `Window slices: ${where}.recent is not two lists of finite numbers alike.`,
      )
    let time = 0
    for (let i = 0; i < (t as number[]).length; i++) {
      time += (t as number[])[i]!
      j.recent.push([time, (waits as number[])[i]!])
    }
  }
}

/**
 * Which part of a subject `suffix` names: its order among them (old first, slices by number, a joined quarter hour
 * just before its first slice), or undefined.
 */
function orderOf(suffix: string): number | undefined {
  if (suffix === OLD_SLICE) return Number.NEGATIVE_INFINITY
  if (suffix === RECENT_SLICE) return Number.POSITIVE_INFINITY
  const slice = /^(-?\d+)(\+\d+)?$/.exec(suffix)
  if (!slice) return undefined
  return slice[2] ? Number(slice[1]) - 0.5 : Number(slice[1])
}

/**
 * One snapshot's rows from the parts (`[field, parsed JSON]`, fields named by window-slices.ts sliceField), for the
 * memory provider's restoreWindows; throws WindowSnapshotError naming the field when one is not a part.
 */
export function mergeWindowSlices(
  parts: Iterable<readonly [string, unknown]>,
  options: SliceMergeOptions,
): DecodedWindows {
  const cutoff = options.at - (options.exactMs ?? 3_600_000)
  const coarseMs = Math.max(1, options.coarseMs ?? 60_000)
  const recentAnswers = Math.max(0, options.recentAnswers ?? 2000)
  const bySubject = new Map<string, Array<[number, string, unknown]>>()
  for (const [field, value] of parts) {
    const at = field.lastIndexOf('@')
    const order = at > 0 ? orderOf(field.slice(at + 1)) : undefined
    const subject = field.slice(0, at)
    if (order === undefined || !/^(agent|group|queue):./.test(subject))
      throw new WindowSnapshotError(`Window slices: "${field}" is not a subject's part.`)
    const list = bySubject.get(subject) ?? []
    list.push([order, field, value])
    bySubject.set(subject, list)
  }
  const subjects = new Map<string, DecodedSubject>()
  for (const [subject, list] of bySubject) {
    list.sort((a, b) => a[0] - b[0])
    const j: Joined = {
      loggedIn: [],
      handling: [],
      completions: [],
      answers: [],
      abandoned: [],
      entered: [],
      overflowOut: [],
      within: new Map(),
      recent: [],
    }
    for (const [, field, value] of list) joinPart(j, field, value as SubjectWindows)
    const out: DecodedSubject = { within: [], recent: [] }
    // a series with no rows is absent, as the export leaves it out
    const kept = (rows: number[]) => {
      const k = keepRows(rows, cutoff, coarseMs)
      return k.length > 0 ? k : undefined
    }
    const a = kept(j.loggedIn)
    const b = kept(j.handling)
    const c = kept(j.completions)
    const d = kept(j.answers)
    const e = kept(j.abandoned)
    if (a) out.loggedIn = a
    if (b) out.handling = b
    if (c) out.completions = c
    if (d) out.answers = d
    if (e) out.abandoned = e
    const g = kept(j.entered)
    const h = kept(j.overflowOut)
    if (g) out.entered = g
    if (h) out.overflowOut = h
    for (const [threshold, rows] of j.within) {
      const series = kept(rows)
      if (series) out.within.push([threshold, series])
    }
    const inSpan = j.recent.filter(([time]) => time >= cutoff)
    out.recent = inSpan.slice(Math.max(0, inSpan.length - recentAnswers))
    if (a || b || c || d || e || g || h || out.within.length > 0 || out.recent.length > 0)
      subjects.set(subject, out)
  }
  return new DecodedWindows(options.format ?? WINDOW_SNAPSHOT_FORMAT, options.at, subjects)
}
