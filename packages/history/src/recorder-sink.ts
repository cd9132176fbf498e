// The recorder's far side, in the writer thread (or inline): applies RecordEvents to the records builder, batches
// the records into the store, and opens a PostgreSQL store that is down at start once it answers.
import type { DirectoryGroups } from './directory-groups.ts'
import type { HistoryItem, InteractionRecord } from './record.ts'
import type { RecordEvent } from './record-events.ts'
import { type BuilderCounters, createRecordsCore } from './records-builder.ts'
import { redactUrl } from './sql-database.ts'
import { type HistoryStore, openStore } from './store.ts'
import {
  createHistoryWriter,
  type DeadLetterFileState,
  type HistoryWriter,
  type Refusal,
  type StoreState,
  type WriterCounters,
} from './writer.ts'

/** What a recorder without a store says it writes to (its `describe`). */
export const NO_STORE = 'no store (live figures only)'

/** Everything the sink needs, as plain data (it crosses to the writer thread as workerData). */
export interface SinkOptions {
  /**
   * `sqlite:FILE` or `postgres://...`; undefined: no store, the records are built only for the live figures they
   * echo (serve without --store keeps its monitor's window this way, off the routing thread).
   */
  store?: string
  /** The folder a relative SQLite file is relative to. */
  cwd: string
  /** Where records wait while the store is down; required with a store. */
  spoolFile?: string
  /** Where records the store refused go; default the spool file's name + `.refused`. */
  refusedFile?: string
  router?: string
  media?: string
  maxDataBytes?: number
  maxOpen?: number
  /** Strategy id and version of each strategy, for the records (later ones come as `versions` events). */
  versions?: Array<[string, string]>
  /** The directory's queue and agent groups, for the records (later ones come as `directory` events). */
  groups?: DirectoryGroups
  batchSize?: number
  flushIntervalMs?: number
  maxInMemory?: number
  maxOnDisk?: number
  /** Send each interaction's live figures back (the monitor's window). */
  echo?: boolean
}

/** What the monitor keeps of an interaction record. */
export type LiveInteraction = Pick<InteractionRecord, 'arrivedAt' | 'outcome' | 'waitMs'> &
  Partial<Pick<InteractionRecord, 'abandonReason' | 'overflowQueue' | 'overflowGroup'>> & {
    queue: string | undefined
    group: string | undefined
  }

/** What the monitor keeps of a record: the fields its figures read, the optional ones only when present. */
export function liveInteraction(record: InteractionRecord): LiveInteraction {
  const { arrivedAt, outcome, waitMs, queue, group, abandonReason, overflowQueue, overflowGroup } = record
  return {
    arrivedAt,
    outcome,
    waitMs,
    queue,
    group,
    ...(abandonReason ? { abandonReason } : {}),
    ...(overflowQueue !== undefined ? { overflowQueue } : {}),
    ...(overflowGroup !== undefined ? { overflowGroup } : {}),
  }
}

export interface RecorderCounters extends WriterCounters, BuilderCounters {
  /** Events the routing thread holds, not handed to the writer thread yet. */
  buffered: number
  /** false while the store has not answered since start, or since a write it did not answer (records wait on disk). */
  storeUp: boolean
}

export interface Sink {
  readonly describe: string
  apply(events: readonly RecordEvent[]): void
  /** Writes the whole store batches the records built so far make (HistoryWriter.settle); none without a store. */
  settle(): Promise<void>
  flush(): Promise<void>
  counters(): Omit<RecorderCounters, 'buffered'>
  close(): Promise<void>
}

const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|timeout expired|Connection terminated|starting up|shutting down/i

/** A PostgreSQL server that does not answer (rather than a wrong URL, password or schema). */
export function isUnreachable(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, message } = e as { code?: unknown; message?: unknown }
    if (UNREACHABLE.test(String(code ?? '')) || UNREACHABLE.test(String(message ?? ''))) return true
  }
  return false
}

/**
 * Opens the store and the writer. A PostgreSQL server that does not answer is not an error: records wait on disk
 * and every retry of the writer tries to open the store again. Any other failure (a bad file, URL or password) is.
 */
export async function openSink(
  options: SinkOptions,
  onInteractions: ((records: LiveInteraction[]) => void) | undefined,
  onRefused: ((refusal: Refusal) => void) | undefined,
  onDeadLetterFile: ((state: DeadLetterFileState) => void) | undefined,
  /** Required: the recorder's host says the store's warnings its way (createHistoryRecorder keeps the default). */
  onWarning: (message: string) => void,
  /** Told when the store stops answering after start and when it answers again (StoreState). */
  onStoreState?: (state: StoreState) => void,
): Promise<Sink> {
  const { store: url, spoolFile } = options
  if (url === undefined) return liveSink(options, undefined, onInteractions)
  if (spoolFile === undefined)
    throw new Error(`Recording into ${redactUrl(url)} needs a spool file (spoolFile)`)
  let store: HistoryStore | undefined
  let opening: Promise<HistoryStore> | undefined
  // the store is opened again at every retry while it is down: each warning is said once, not once per try
  const said = new Set<string>()
  const warn = (message: string) => {
    if (said.has(message)) return
    said.add(message)
    onWarning(message)
  }
  const open = () => {
    opening ??= openStore(url, options.cwd, { onWarning: warn }).then(
      (opened) => {
        store = opened
        return opened
      },
      (error: unknown) => {
        opening = undefined
        throw error
      },
    )
    return opening
  }
  let down: string | undefined
  try {
    await open()
  } catch (error) {
    if (!url.startsWith('postgres') || !isUnreachable(error)) throw error
    down = error instanceof Error ? error.message : String(error)
  }
  const writer = createHistoryWriter({
    store: {
      write: async (items) => (store ?? (await open())).write(items),
      // a store not opened yet is out of reach: nothing it could have refused
      refused: async (error) => (store ? store.refused(error) : false),
    },
    spoolFile,
    ...(options.refusedFile !== undefined ? { refusedFile: options.refusedFile } : {}),
    ...(onRefused ? { onRefused } : {}),
    ...(onDeadLetterFile ? { onDeadLetterFile } : {}),
    ...(onStoreState ? { onStoreState } : {}),
    // down at the open (said by the host from storeUp at start): its end is the first write that works
    ...(down !== undefined ? { startsDown: true } : {}),
    // a stale lock taken over is said where the store's other warnings go (serve's log), not on the console
    deadLetterHooks: { onStaleLock: onWarning },
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.flushIntervalMs !== undefined ? { flushIntervalMs: options.flushIntervalMs } : {}),
    ...(options.maxInMemory !== undefined ? { maxInMemory: options.maxInMemory } : {}),
    ...(options.maxOnDisk !== undefined ? { maxOnDisk: options.maxOnDisk } : {}),
  })
  const sink = liveSink(options, writer, onInteractions)
  return {
    ...sink,
    describe: store?.describe ?? redactUrl(url),
    settle: () => writer.settle(),
    flush: () => writer.flush(),
    counters() {
      const w = writer.counters()
      const counters = { ...sink.counters(), ...w, storeUp: store !== undefined && writer.answering() }
      if (store === undefined && w.lastError === undefined && down !== undefined) counters.lastError = down
      return counters
    },
    async close() {
      await writer.close()
      await store?.close()
    },
  }
}

/** A writer's counters before it wrote anything (no store, or the writer thread not heard from yet). */
export const NOTHING_WRITTEN: WriterCounters = {
  queued: 0,
  spooled: 0,
  pending: 0,
  written: 0,
  failures: 0,
  refused: 0,
  deadLetters: 0,
  dropped: 0,
}

/** The records builder fed with events, its records to `writer` (none: no store) and their live figures echoed. */
function liveSink(
  options: SinkOptions,
  writer: HistoryWriter | undefined,
  onInteractions: ((records: LiveInteraction[]) => void) | undefined,
): Sink {
  let live: LiveInteraction[] = []
  const core = createRecordsCore({
    emit: (item: HistoryItem) => {
      writer?.add(item)
      if (onInteractions && item.kind === 'interaction') {
        // the reason goes along so the live sums split abandons as a report does (addInteraction), the queues
        // left so they count entered and overflow out as a report does (addOverflowOut)
        live.push(liveInteraction(item.record))
      }
    },
    ...(options.router !== undefined ? { router: options.router } : {}),
    ...(options.media !== undefined ? { media: options.media } : {}),
    ...(options.maxDataBytes !== undefined ? { maxDataBytes: options.maxDataBytes } : {}),
    ...(options.maxOpen !== undefined ? { maxOpen: options.maxOpen } : {}),
  })
  if (options.versions) core.apply(['versions', options.versions])
  if (options.groups) core.apply(['directory', options.groups])
  return {
    describe: NO_STORE,
    apply(events) {
      for (const event of events) core.apply(event)
      if (onInteractions && live.length > 0) {
        const sent = live
        live = []
        onInteractions(sent)
      }
    },
    settle: async () => {},
    flush: async () => {},
    counters: () => ({ ...NOTHING_WRITTEN, ...core.counters(), storeUp: false }),
    close: async () => {},
  }
}
