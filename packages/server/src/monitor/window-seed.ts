// A restart's monitor window read back from the history store, so a 24h service level after a start is the day's, not
// the last minutes'. Bounded: pages of PAGE_ROWS, newest first, within a time budget; out of time or failing, it says
// how far it got (the window counts since then) and serve starts anyway.
import type { HistoryKit } from '../history/history-kit.ts'
import type { Logger } from '../log.ts'
import type { WindowRecord } from './bucket-sums.ts'

/** Rows per read: a page's records go into the sums before the next is read, so memory holds one page. */
export const PAGE_ROWS = 5000
/** How long serve's start waits for the store's window by default (a 24h window of a busy center takes longer). */
export const DEFAULT_SEED_BUDGET_MS = 5000

export interface SeedOptions {
  kit: Pick<HistoryKit, 'openStore' | 'readSeedPage'>
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
}

/**
 * Whole from this time on (ms): `from` when every page was read, where the pages read reached when the budget ran
 * out, `finishedBefore` when nothing could be read.
 */
export type SeedResult = { countsFrom: number; records: number; whole: boolean }

class OutOfTime extends Error {}

/** Rejects with OutOfTime once `ms` passed; the read itself is left to end (or fail) in the background. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OutOfTime()), Math.max(0, ms))
    timer.unref()
  })
  work.catch(() => {})
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

export async function seedWindow(options: SeedOptions): Promise<SeedResult> {
  const { kit, from, finishedBefore, log } = options
  const budgetMs = options.budgetMs ?? DEFAULT_SEED_BUDGET_MS
  const pageRows = options.pageRows ?? PAGE_ROWS
  const elapsed = options.elapsed ?? (() => performance.now())
  const start = elapsed()
  const left = () => budgetMs - (elapsed() - start)
  let records = 0
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
      let before: number | undefined
      for (;;) {
        if (left() <= 0) throw new OutOfTime()
        const page = await within(
          kit.readSeedPage(store, {
            router: options.router,
            from,
            finishedBefore,
            limit: pageRows,
            ...(before === undefined ? {} : { before }),
          }),
          left(),
        )
        for (const record of page.records) options.add(record)
        records += page.records.length
        if (page.next === undefined) break
        // every arrival from here on is in
        before = countsFrom = page.next
      }
    } finally {
      store.close().catch(() => {})
    }
    log('info', 'monitor window read back from the history store', {
      records,
      windowSeconds: (finishedBefore - from) / 1000,
      ms: Math.round(elapsed() - start),
    })
    return { countsFrom: from, records, whole: true }
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
