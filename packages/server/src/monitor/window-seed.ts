// A restart's monitor window read back from the history store, so a 24h service level after a start is the day's, not
// the last minutes'. Bounded: pages of PAGE_ROWS, newest first, within a time budget; out of time or failing, it says
// how far it got (the window counts since then) and serve starts anyway. The window's old whole slots come from the
// store's interval totals when they count the same (a day at 200 a second is 17 M records, ~6 min at 44,500 a second).
import type { FigureSums } from '@routewright/history'
import { raceWithin } from '@routewright/node-support/race-within'
import type { HistoryKit } from '../history/history-kit.ts'
import type { Logger } from '../log.ts'
import { bucketWidth, type WindowRecord } from './bucket-sums.ts'

/** Rows per read: a page's records go into the sums before the next is read, so memory holds one page. */
export const PAGE_ROWS = 5000
/** Buckets summed per read of the edges at least (at 1 s, ~1 min: 13,000 records at 200 a second). */
const SPAN_BUCKETS = 64
/** And at least this long: a 100 ms rule window's 1 ms buckets would make a query per 64 ms (14,000 for 15 min). */
const SPAN_MIN_MS = 60_000

/** A read of the edges' span in whole buckets (a bucket's place does not depend on it). */
const spanWidth = (bucketMs: number) => Math.max(SPAN_BUCKETS, Math.ceil(SPAN_MIN_MS / bucketMs)) * bucketMs
/** How long serve's start waits for the store's window by default (a 24h window of a busy center takes longer). */
export const DEFAULT_SEED_BUDGET_MS = 5000

/** Where a slot's totals go in the window: its middle (the window's old edge passes a slot at once, not record by record). */
const slotMiddle = (at: number, slotMs: number) => at + slotMs / 2

export interface SeedTotals {
  /**
   * Arrivals before this time may come as slots: the oldest bucket the shorter windows read (slots put at a slot's
   * middle would move a shorter window's figures by up to a slot); `slotsBefore` works it out.
   */
  before: number
  /** The T and S pairs the window sums (RecordWindow.fedThresholds). */
  thresholds: Array<[number, number]>
  /** A slot's totals, per T and S of `thresholds`, as arrivals at `at`. */
  add(by: 'queue' | 'group', at: number, key: string, sums: readonly FigureSums[]): void
  /**
   * Arrivals from `before` on may come summed per bucket this wide (ms, from 0; the finest the window keeps), put at
   * their latest: they land in the buckets they would one by one. Absent: read record by record.
   */
  bucketMs?: number
  /** The same before `before`, where only the longest window reads (its bucket). */
  oldBucketMs?: number
}

export interface SeedOptions {
  kit: Pick<HistoryKit, 'openStore' | 'readSeedPage'> &
    Partial<
      Pick<
        HistoryKit,
        | 'readSeedSlots'
        | 'readSeedGroups'
        | 'earliestLateArrival'
        | 'slotsHoldAll'
        | 'storeOfOneRouter'
        | 'SEED_SLOT_MS'
      >
    >
  /** The store serve records into (`sqlite:FILE`, `postgres://...`). */
  store: string
  router: string
  /** Arrivals from this time on (now minus the longest window). */
  from: number
  /** Records finished before this (serve's start): those after it reach the window live. */
  finishedBefore: number
  add(record: WindowRecord): void
  budgetMs?: number
  pageRows?: number
  log: Logger
  /** Real time for the budget (the routing clock may be simulated); default performance.now. */
  elapsed?: () => number
  /** Reads the old whole slots as interval totals when the store's count the same; else every record is read. */
  totals?: SeedTotals
}

/**
 * Whole from this time on (ms): `from` when every page was read, where the pages read reached when the budget ran
 * out, `finishedBefore` when nothing could be read.
 */
export type SeedResult = { countsFrom: number; records: number; whole: boolean; slots?: number }

class OutOfTime extends Error {}

/** Rejects with OutOfTime once `ms` passed; the read itself is left to end (or fail) in the background. */
async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  const read = await raceWithin(work, ms)
  if (read.late) throw new OutOfTime()
  return read.value
}

export async function seedWindow(options: SeedOptions): Promise<SeedResult> {
  const { kit, from, finishedBefore, log } = options
  const budgetMs = options.budgetMs ?? DEFAULT_SEED_BUDGET_MS
  const pageRows = options.pageRows ?? PAGE_ROWS
  const elapsed = options.elapsed ?? (() => performance.now())
  const start = elapsed()
  const left = () => budgetMs - (elapsed() - start)
  let records = 0
  let slots: number | undefined
  // the records' sums read summed per bucket (readSeedGroups): each a key's
  let summed = 0
  let countsFrom = finishedBefore
  const opening = kit.openStore(options.store, process.cwd(), {
    readOnly: true,
    connectTimeoutMs: budgetMs,
    queryTimeoutMs: budgetMs,
    onWarning: () => {},
  })
  let opened = false
  try {
    const store = await within(opening, left())
    opened = true
    try {
      const { kit } = options
      const read = async (pageFrom: number, pageBefore: number) => {
        // the newest page reads up to the start (readSeedPage's default)
        let before: number | undefined = pageBefore < finishedBefore ? pageBefore : undefined
        for (;;) {
          if (left() <= 0) throw new OutOfTime()
          const page = await within(
            kit.readSeedPage(store, {
              router: options.router,
              from: pageFrom,
              finishedBefore,
              limit: pageRows,
              ...(before === undefined ? {} : { before }),
            }),
            left(),
          )
          for (const record of page.records) options.add(record)
          records += page.records.length
          // every arrival from here on is in
          countsFrom = page.next ?? pageFrom
          if (page.next === undefined) break
          before = page.next
        }
      }
      // the records of [lo, hi) summed by the store, newest first in spans of spanWidth
      const sum = async (lo: number, hi: number, slotted: SlotSpan, readSeedGroups: GroupReader) => {
        const { totals, thresholds } = slotted
        let before = hi
        while (before > lo) {
          if (left() <= 0) throw new OutOfTime()
          const fine = before > totals.before
          const bucketMs = fine ? totals.bucketMs! : totals.oldBucketMs!
          const floor = fine ? Math.max(lo, totals.before) : lo
          const spanFrom = Math.max(floor, before - spanWidth(bucketMs))
          const groups = await within(
            readSeedGroups(store, {
              router: options.router,
              from: spanFrom,
              before,
              finishedBefore,
              bucketMs,
              thresholds,
            }),
            left(),
          )
          for (const entry of groups.entries) totals.add(entry.by, entry.at, entry.key, entry.sums)
          records += groups.records
          summed += groups.entries.length
          countsFrom = spanFrom
          before = spanFrom
        }
      }
      const edges = async (lo: number, hi: number, slotted: SlotSpan) => {
        const { readSeedGroups } = kit
        if (readSeedGroups && slotted.totals.bucketMs && slotted.totals.oldBucketMs)
          await sum(lo, hi, slotted, readSeedGroups)
        else await read(lo, hi)
      }
      const slotted = await slotSpan(options, store, kit, within, left)
      if (slotted === undefined) await read(from, finishedBefore)
      else {
        const { slotsFrom, slotsTo, slotMs, thresholds, add } = slotted
        await edges(slotsTo, finishedBefore, slotted)
        if (left() <= 0) throw new OutOfTime()
        const rows = await within(
          kit.readSeedSlots!(store, { from: slotsFrom, to: slotsTo, thresholds }),
          left(),
        )
        for (const row of rows) add(row.by, slotMiddle(row.at, slotMs), row.key, row.sums)
        slots = rows.length
        countsFrom = slotsFrom
        await edges(from, slotsFrom, slotted)
      }
    } finally {
      store.close().catch(() => {})
    }
    log('info', 'monitor window read back from the history store', {
      records,
      ...(slots === undefined ? {} : { slots }),
      ...(summed === 0 ? {} : { summed }),
      windowSeconds: (finishedBefore - from) / 1000,
      ms: Math.round(elapsed() - start),
    })
    return { countsFrom: from, records, whole: true, ...(slots === undefined ? {} : { slots }) }
  } catch (error) {
    // a store opened after the budget still closes
    if (!opened) opening.then((store) => store.close()).catch(() => {})
    log(
      'warn',
      'the monitor window could not be read back from the history store: its figures count since then',
      {
        ...(error instanceof OutOfTime
          ? { error: `not read within ${budgetMs} ms` }
          : { error: error instanceof Error ? error.message : String(error) }),
        records,
        since: new Date(countsFrom).toISOString(),
      },
    )
    return { countsFrom, records, whole: false }
  }
}

/**
 * Before the oldest bucket any window shorter than the longest reads at `start` or later: its own level's, or a
 * coarser one up to 8 times as wide (bucket-sums.ts); `start` itself when there is no shorter window.
 */
export function slotsBefore(start: number, windowsMs: readonly number[]): number {
  const longest = Math.max(0, ...windowsMs)
  const shorter = Math.max(0, ...windowsMs.filter((ms) => ms < longest))
  return shorter === 0 ? start : start - shorter - 8 * bucketWidth(shorter)
}

interface SlotSpan {
  slotsFrom: number
  slotsTo: number
  slotMs: number
  thresholds: Array<[number, number]>
  add: SeedTotals['add']
  totals: SeedTotals
}

type GroupReader = NonNullable<SeedOptions['kit']['readSeedGroups']>

/**
 * The whole slots of the window to read as interval totals, undefined when none (or they would not count as the
 * records do: say why): the slots lack a T or S of the window's (a T the migrations do not count), or the store holds
 * another router's records (the slots are not kept per router).
 */
async function slotSpan(
  options: SeedOptions,
  store: Parameters<SeedOptions['kit']['readSeedPage']>[0],
  kit: SeedOptions['kit'],
  within: <T>(work: Promise<T>, ms: number) => Promise<T>,
  left: () => number,
): Promise<SlotSpan | undefined> {
  const { totals, from, finishedBefore, log } = options
  if (!totals) return undefined
  if (
    !kit.readSeedSlots ||
    !kit.earliestLateArrival ||
    !kit.slotsHoldAll ||
    !kit.storeOfOneRouter ||
    !kit.SEED_SLOT_MS
  ) {
    // an entry of the history package without the slot functions: every record is read, far slower on a busy day
    log('warn', 'the monitor window is read back record by record: the history kit has no slot functions', {})
    return undefined
  }
  const slotMs = kit.SEED_SLOT_MS
  const slotsFrom = Math.ceil(from / slotMs) * slotMs
  let slotsTo = Math.floor(Math.min(finishedBefore, totals.before) / slotMs) * slotMs
  if (slotsTo <= slotsFrom) return undefined
  const { thresholds } = totals
  const fallBack = (why: string) => {
    log('info', 'the monitor window is read back record by record, not from the interval totals', { why })
    return undefined
  }
  if (!kit.slotsHoldAll(thresholds))
    return fallBack(
      `the interval totals count no service level or short abandon of ${thresholds
        .map(([t, s]) => `T ${t} s and S ${s} s`)
        .join(', ')}`,
    )
  const one = await within(kit.storeOfOneRouter(store, options.router), left())
  if (one === undefined)
    return fallBack('a PostgreSQL store without a C collation cannot say cheaply whether others record in it')
  if (!one) return fallBack(`the store holds records of other routers than ${options.router}`)
  // a record finishing after the start is in the slots once written and counted live too: its slot and later are read
  // record by record (finished before the start only)
  const late = await within(
    kit.earliestLateArrival(store, {
      router: options.router,
      from: slotsFrom,
      to: slotsTo,
      finishedAt: finishedBefore,
    }),
    left(),
  )
  if (late !== undefined) slotsTo = Math.floor(late / slotMs) * slotMs
  if (slotsTo <= slotsFrom) return undefined
  return { slotsFrom, slotsTo, slotMs, thresholds, add: totals.add, totals }
}
