// Writes history off the decision path: `add` only queues; batches go to the store on a timer. When the store
// is down, batches wait in a bounded file on disk and are written when it answers again. When it answers but
// refuses a batch, the batch is split until each refused item is alone; those are set aside in a dead-letter file
// and every other item is written.
import { formatPlace } from '@routewright/strategy-dsl'
import { type DeadLetterFileHooks, openDeadLetterAppender } from './dead-letter-file.ts'
import { type IsolatingProgress, itemId, writeIsolating } from './isolating-write.ts'
import { historyItemProblem } from './item-check.ts'
import type { HistoryItem } from './record.ts'
import { openSpool } from './spool.ts'
import type { HistoryStore } from './store.ts'

export interface WriterTimers {
  set(callback: () => void, ms: number): unknown
  clear(handle: unknown): void
}

/** A line of the dead-letter file: an item the store refused, why, and when (ISO 8601). */
export interface RefusedItem {
  at: string
  reason: string
  item: HistoryItem
}

/** What a refusal is logged with: the item's kind and id (an interaction's for a handling) and the store's reason. */
export interface Refusal {
  kind: HistoryItem['kind']
  id: string
  reason: string
}

/**
 * The dead-letter file could not take refused records (`failed`: they wait in memory and are tried with the next
 * write), or takes them again after that; told at each failed try and at the first success after one.
 */
export type DeadLetterFileState =
  | { failed: true; file: string; error: string }
  | { failed: false; file: string }

/**
 * The store stopped answering (`up: false`: the write's error; records wait in `spoolFile`), or answers again
 * (`up: true`: how long it was down and how many records waited on disk); told once per change, not per write.
 */
export type StoreState =
  | { up: false; error: string; spoolFile: string }
  | { up: true; downMs: number; waited: number; spoolFile: string }

export interface HistoryWriterOptions {
  /** Without `refused`, every failed write counts as the store being down (the batch waits and is tried again). */
  store: Pick<HistoryStore, 'write'> & Partial<Pick<HistoryStore, 'refused'>>
  /** Where items wait while the store is down; kept across restarts (written at the next start). */
  spoolFile: string
  /** Where items the store refused go (JSON lines of RefusedItem); default the spool file's name + `.refused`. */
  refusedFile?: string
  /** Items the dead-letter file may hold; past it refused items are dropped and counted. Default 100,000. */
  maxRefused?: number
  /** Told once per refused item (to log it). */
  onRefused?: (refusal: Refusal) => void
  /** Told when appends to the dead-letter file fail, and when one works again (to log the outage once). */
  onDeadLetterFile?: (state: DeadLetterFileState) => void
  /** Told when the store stops answering and when it answers again (to log the outage once). */
  onStoreState?: (state: StoreState) => void
  /** The store did not answer at its open: the writer starts down, and its first write that works ends the outage. */
  startsDown?: boolean
  /** The time written with a refused item; default Date.now. */
  now?: () => number
  /** Items per write; default 1,000. */
  batchSize?: number
  /** How long an item may wait in memory before a write; default 250 ms. Also the retry pace when down. */
  flushIntervalMs?: number
  /** Items held in memory before the writer moves them to disk; default 20,000. */
  maxInMemory?: number
  /** Items the disk file may hold; past it items are dropped and counted. Default 2,000,000. */
  maxOnDisk?: number
  /** Default: real timers that do not keep the process alive. */
  timers?: WriterTimers
  /** Steps injected into the dead-letter file's appends (tests order an append against a replay with them). */
  deadLetterHooks?: DeadLetterFileHooks
}

export interface WriterCounters {
  /** Items in memory waiting for the next write. */
  queued: number
  /** Items on disk waiting for the store. */
  spooled: number
  /** queued + spooled: what is not in the store yet. */
  pending: number
  written: number
  /** Writes that failed with the store down (each one moved its items to disk). */
  failures: number
  /** Items the store refused while it answered, since this writer started, set aside in the dead-letter file. */
  refused: number
  /**
   * Lines in the dead-letter file now: down after a replay (`routewright history replay`) took some, without a
   * restart. 0 when there is no file.
   */
  deadLetters: number
  /** Items lost because the disk file (or the dead-letter file) was full. */
  dropped: number
  lastError?: string
}

export interface HistoryWriter {
  /** Queues an item; never throws, never waits. Shaped to be a RecordsBuilder's `emit`. */
  add(item: HistoryItem): void
  /** Writes everything pending now (disk first); resolves when done or when the store refused (see counters). */
  flush(): Promise<void>
  /**
   * Writes the whole batches waiting now (a partial one waits for the timer); resolves at once when less than a batch
   * waits. A producer far ahead of the store awaits it between its bursts, so they reach the store instead of going
   * through the disk file (each item's JSON written and read back) once maxInMemory is passed.
   */
  settle(): Promise<void>
  counters(): WriterCounters
  /** false from a write the store did not answer until the next one it takes (meanwhile records go to disk). */
  answering(): boolean
  /** Flushes and stops the timer; items the store refused stay on disk for the next start. */
  close(): Promise<void>
}

const realTimers: WriterTimers = {
  set(callback, ms) {
    const handle = setTimeout(callback, ms)
    handle.unref()
    return handle
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export function createHistoryWriter(options: HistoryWriterOptions): HistoryWriter {
  const batchSize = options.batchSize ?? 1000
  const interval = options.flushIntervalMs ?? 250
  const maxInMemory = options.maxInMemory ?? 20_000
  const timers = options.timers ?? realTimers
  const spool = openSpool(options.spoolFile, options.maxOnDisk ?? 2_000_000, historyItemProblem)
  const refusedFile = options.refusedFile ?? `${options.spoolFile}.refused`
  const deadLetters = openDeadLetterAppender<RefusedItem>(
    refusedFile,
    options.maxRefused ?? 100_000,
    options.deadLetterHooks,
  )
  const now = options.now ?? Date.now
  let queue: HistoryItem[] = []
  let timer: unknown
  let running: Promise<void> | undefined
  // items at the head of the queue being written now: an overflow to disk leaves them where they are
  let inFlight = 0
  let closed = false
  const c = { written: 0, failures: 0, refused: 0, dropped: 0, lastError: undefined as string | undefined }

  const toDisk = (items: readonly HistoryItem[]) => {
    c.dropped += spool.append(items)
  }
  const schedule = (ms: number) => {
    if (timer !== undefined || closed) return
    timer = timers.set(() => {
      timer = undefined
      void pump()
    }, ms)
  }
  // whether the last write reached the store: an outage after start shows in storeUp, not only at the open
  let answering = options.startsDown !== true
  let downSince = now()
  let downError: string | undefined
  // a dead-letter file that cannot be written fails the batch too, but the store answered: not a store outage
  let deadLetterError: unknown
  const fail = (error: unknown) => {
    c.failures++
    c.lastError = error instanceof Error ? error.message : String(error)
    if (error === deadLetterError) return
    downError = c.lastError
    if (!answering) return
    answering = false
    downSince = now()
    options.onStoreState?.({ up: false, error: c.lastError, spoolFile: options.spoolFile })
  }
  // the first write after an outage: the outage's error leaves the counters (/healthz says now; the log keeps it)
  const answered = () => {
    if (answering) return
    answering = true
    // a refusal said since keeps its reason
    if (c.lastError === downError) c.lastError = undefined
    // read before the drain replaces the file: every record that waited on disk through the outage
    const waited = spool.size
    options.onStoreState?.({ up: true, downMs: now() - downSince, waited, spoolFile: options.spoolFile })
  }

  // items set aside by the batch being written: appended to the dead-letter file before the batch counts as done
  let setAsideNow: RefusedItem[] = []
  // whether the last append to the dead-letter file failed: its next success ends the outage
  let deadLettersDown = false
  const setAside = (item: HistoryItem, error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error)
    c.refused++
    c.lastError = reason
    setAsideNow.push({ at: new Date(now()).toISOString(), reason, item })
    options.onRefused?.({ kind: item.kind, id: itemId(item), reason })
  }
  const saveSetAside = async () => {
    const entries = setAsideNow
    if (entries.length === 0) return
    setAsideNow = []
    try {
      c.dropped += await deadLetters.append(entries)
    } catch (error) {
      // the file cannot be written now: kept in memory for the next batch's try, and this one fails as an outage
      setAsideNow = [...entries, ...setAsideNow]
      deadLettersDown = true
      deadLetterError = error
      const reason = error instanceof Error ? error.message : String(error)
      options.onDeadLetterFile?.({ failed: true, file: refusedFile, error: reason })
      throw error
    }
    if (deadLettersDown) {
      deadLettersDown = false
      options.onDeadLetterFile?.({ failed: false, file: refusedFile })
    }
  }
  // c.written counts what the store took even when an outage ends the batch part way
  const writeBatch = async (batch: readonly HistoryItem[], progress: IsolatingProgress) => {
    const before = progress.written
    try {
      await writeIsolating(options.store, batch, progress, setAside)
      answered()
    } finally {
      c.written += progress.written - before
      await saveSetAside()
    }
  }

  const drainDisk = async () => {
    // a line that is no item goes to the dead-letter file with where it was (its text kept when it is not JSON)
    const items = spool.read((bad) => {
      let value: unknown = bad.text
      try {
        value = JSON.parse(bad.text)
      } catch {}
      setAside(
        value as HistoryItem,
        new Error(`${formatPlace(options.spoolFile, { line: bad.line })}: ${bad.problem}`),
      )
    })
    if (items.length === 0) await saveSetAside()
    const progress = { done: 0, written: 0 }
    try {
      while (progress.done < items.length) {
        await writeBatch(items.slice(progress.done, progress.done + batchSize), progress)
      }
    } finally {
      spool.replace(items.slice(progress.done))
    }
  }

  // `least`: the items a write needs (1, or batchSize to leave a partial batch for the timer)
  const pump = (least = 1): Promise<void> => {
    // nothing to write: an async body would end before `running` is set, leave it set for good, and every later
    // pump would return it without writing (what a timer firing after a flush used to do)
    if (running === undefined && spool.size === 0 && queue.length < least && setAsideNow.length === 0)
      return Promise.resolve()
    running ??= (async () => {
      try {
        // refused items a failed dead-letter append kept in memory go to the file first
        await saveSetAside()
        if (spool.size > 0) await drainDisk()
        while (queue.length >= least) {
          const batch = queue.slice(0, batchSize)
          inFlight = batch.length
          const progress = { done: 0, written: 0 }
          try {
            await writeBatch(batch, progress)
          } finally {
            // what was written or set aside before an outage leaves the queue: only the rest goes to disk
            queue = queue.slice(progress.done)
          }
          inFlight = 0
        }
      } catch (error) {
        inFlight = 0
        fail(error)
        // the store is down: what waits in memory goes to disk, and the next tick tries again
        toDisk(queue)
        queue = []
      } finally {
        running = undefined
      }
      if (spool.size > 0 || queue.length > 0 || setAsideNow.length > 0) schedule(interval)
    })()
    return running
  }

  // items an earlier process left on disk are written without waiting for a new one
  if (spool.size > 0) schedule(interval)

  const flush = async () => {
    if (running) await running
    await pump()
  }

  return {
    add(item) {
      queue.push(item)
      if (queue.length >= maxInMemory) {
        // the writer is behind (or the store is slow): keep memory bounded, the disk keeps the order
        toDisk(queue.slice(inFlight))
        queue = queue.slice(0, inFlight)
      }
      schedule(queue.length >= batchSize ? 0 : interval)
    },
    flush,
    async settle() {
      if (running) await running
      if (queue.length >= batchSize) await pump(batchSize)
    },
    answering: () => answering,
    counters() {
      const counters: WriterCounters = {
        queued: queue.length,
        spooled: spool.size,
        pending: queue.length + spool.size,
        written: c.written,
        failures: c.failures,
        refused: c.refused,
        deadLetters: deadLetters.lines(),
        dropped: c.dropped,
      }
      if (c.lastError !== undefined) counters.lastError = c.lastError
      return counters
    },
    async close() {
      await flush()
      // refused items the dead-letter file could not take: on disk for the next start, which refuses them again
      if (setAsideNow.length > 0) toDisk(setAsideNow.map((entry) => entry.item))
      setAsideNow = []
      closed = true
      if (timer !== undefined) timers.clear(timer)
      timer = undefined
    },
  }
}
