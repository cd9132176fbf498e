// Records a router's interactions into a store off the decision path: the routing thread only packs router events
// straight into a numeric buffer and transfers it, in batches, to a writer thread that builds, serialises and
// writes the records.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import type { RunRecordWriter } from '@routewright/strategy-runtime'
import { createBatchSlots } from './batch-slots.ts'
import { directoryGroups, directoryGroupsOf } from './directory-groups.ts'
import { createEventPacker } from './record-codec.ts'
import { createRecordEncoder, type RecordEvent, type RecordInput } from './record-events.ts'
import { createPackingInput, packingRecordWriter } from './record-packing.ts'
import {
  type LiveInteraction,
  NO_STORE,
  NOTHING_WRITTEN,
  openSink,
  type RecorderCounters,
  type Sink,
  type SinkOptions,
} from './recorder-sink.ts'
import type { WorkerCommand, WorkerData, WorkerReply } from './recorder-worker.ts'
import { strategyVersions } from './strategy-version.ts'
import type { DeadLetterFileState, Refusal, StoreState } from './writer.ts'

export interface HistoryRecorderOptions extends Omit<SinkOptions, 'cwd' | 'versions' | 'echo' | 'groups'> {
  /** The folder a relative SQLite file is relative to; default the current folder. */
  cwd?: string
  strategies?: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>
  /**
   * An agent's groups, read on the routing thread when the agent's state changes; default: those `directory` gives
   * her (a host that reloads its directory passes its own, as serve does).
   */
  groupsOf?: (agent: string) => readonly string[]
  /** The directory: queue and agent groups for the records (later ones through `directoryChanged`). */
  directory?: DirectoryDocument
  /** Each interaction's live figures once its record is built (the monitor's window). */
  onInteractions?: (records: LiveInteraction[]) => void
  /** `worker` (default): a writer thread; `inline`: this thread (no built worker script, or a test). */
  thread?: 'worker' | 'inline'
  /** Events per batch posted to the writer thread; default 2,000 (a quieter router posts every 20 ms). */
  batchEvents?: number
  /** The writer thread's script; default the built recorder-worker.js beside this module or in dist/. */
  workerScript?: string
  /** Told once per record the store refused (set aside in the dead-letter file), to log it; default: nothing. */
  onRefused?: (refusal: Refusal) => void
  /** Told when the dead-letter file cannot take refused records, and when it can again (to log it once). */
  onDeadLetterFile?: (state: DeadLetterFileState) => void
  /** Told when the store stops answering after start and when it answers again (to log each change once). */
  onStoreState?: (state: StoreState) => void
  /**
   * Told once of each warning the store gives at its open (a PostgreSQL URL's option the store's own replaces), to
   * log it as the host logs, and of a stale lock of the dead-letter file taken over; default console.warn.
   */
  onWarning?: (message: string) => void
  /** Told when the writer thread fails (its records are then lost); default: nothing. */
  onError?: (error: Error) => void
  /**
   * Without a store only: `false` resolves as soon as the writer thread is spawned, not once it is up (its boot is
   * ~0.4 s of a start, more on a loaded host). What is sent before waits in its queue; a thread that fails to start
   * is told to `onError`. Default `true`.
   */
  awaitThread?: boolean
  /**
   * Aborting it while the store opens (migrations on a big file, a PostgreSQL server slow to answer) abandons the open
   * at once: the writer thread is ended (an unfinished migration is not committed) and the promise rejects with the
   * signal's reason. On this thread (`inline`) the open cannot be cut: it is closed once it ends. No effect after.
   */
  signal?: AbortSignal
}

export interface HistoryRecorder extends RecordInput {
  readonly describe: string
  /**
   * What its records read of a selection's explanation: a summary (node, rule, winner, reason, candidates weighed and
   * excluded by reason). A host whose only listener is the recorder passes it on (simulate's `explanations`, the
   * router's `explainSummary` limit), so routing lists no candidates for it.
   */
  readonly explanations: 'summary'
  /**
   * With a writer thread: where a router writes its run records (RouterOptions.record, simulate's `record`), into
   * the batches this recorder sends. A host passing it leaves the router's run events out of `onEvent` (they are
   * in the records): no trace or explanation is read back and packed again on the routing thread.
   */
  readonly record?: RunRecordWriter
  readonly thread: 'worker' | 'inline'
  /** Everything recorded so far is in the store, or on disk when the store refused it (see counters). */
  flush(): Promise<void>
  /**
   * Resolves once the writer has taken in every event recorded so far (applied, not flushed): a producer that waits
   * on it between bursts stays close behind the store instead of a day ahead of it.
   */
  caughtUp(): Promise<void>
  /** As of the writer thread's last report (a few times a second, and after every flush). */
  counters(): RecorderCounters
  close(): Promise<void>
  /**
   * Ends the writer thread at once, dropping what it holds (worker recorders): for one with nothing to write (serve's
   * echo for its own monitor), whose close would wait for the thread's boot and a flush nobody reads. With a store
   * it is close: nothing recorded is lost.
   */
  discard?(): Promise<void>
}

/** The built writer thread script: beside this module (the CLI bundle, dist/) or, run from source, in dist/. */
export function recorderWorkerScript(): string | undefined {
  for (const candidate of ['./recorder-worker.js', '../dist/recorder-worker.js']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url))
    if (existsSync(file)) return file
  }
  return undefined
}

/**
 * Opens the store (in the writer thread) and returns the recorder once it is ready. A PostgreSQL server that does
 * not answer yet is not an error: records wait on disk until it does (`counters().storeUp`).
 * Without `store` nothing is written: the writer thread only builds the records whose live figures it echoes to
 * `onInteractions` (a monitor's window kept off the routing thread).
 * @example const recorder = await createHistoryRecorder({ store: 'sqlite:history.db', spoolFile: 'pending.jsonl' })
 */
export async function createHistoryRecorder(options: HistoryRecorderOptions): Promise<HistoryRecorder> {
  const {
    strategies,
    groupsOf,
    directory,
    onInteractions,
    onRefused,
    onDeadLetterFile,
    onStoreState,
    onWarning = console.warn,
    thread,
    batchEvents,
    workerScript,
    onError,
    cwd,
    awaitThread,
    signal,
    ...rest
  } = options
  const sinkOptions: SinkOptions = {
    ...rest,
    cwd: cwd ?? process.cwd(),
    ...(strategies ? { versions: [...strategyVersions(strategies)] } : {}),
    ...(directory ? { groups: directoryGroups(directory) } : {}),
    ...(onInteractions ? { echo: true } : {}),
  }
  // without groups on her state rows an agent's logged-in time counts in no group (docs/figures.md)
  const agentGroups = groupsOf ?? (directory ? directoryGroupsOf(directory) : undefined)
  const script = thread === 'inline' ? undefined : (workerScript ?? recorderWorkerScript())
  if (thread === 'worker' && !script)
    throw new Error('The history writer thread is not built: run `npm run build -w @routewright/history`')
  if (!script) {
    const opening = openSink(
      sinkOptions,
      onInteractions,
      onRefused,
      onDeadLetterFile,
      onWarning,
      onStoreState,
    )
    // an open on this thread runs to its end: the store it gives is closed then
    const abandon = async () => void opening.then((sink) => sink.close()).catch(() => {})
    return inlineRecorder(await unlessAborted(opening, signal, abandon), agentGroups)
  }
  // a store's open (and its errors) is part of the start: only a store-less thread may boot behind it
  const threadOptions = { ...options, onWarning, ...(agentGroups ? { groupsOf: agentGroups } : {}) }
  return workerRecorder(script, sinkOptions, threadOptions, awaitThread === false && rest.store === undefined)
}

function inlineRecorder(sink: Sink, groupsOf: HistoryRecorderOptions['groupsOf']): HistoryRecorder {
  const one: RecordEvent[] = []
  const input = createRecordEncoder((event) => {
    one[0] = event
    sink.apply(one)
  }, groupsOf)
  return {
    ...input,
    describe: sink.describe,
    explanations: 'summary',
    thread: 'inline',
    flush: () => sink.flush(),
    // every event is applied as it is recorded
    caughtUp: () => Promise.resolve(),
    counters: () => ({ ...sink.counters(), buffered: 0 }),
    close: () => sink.close(),
  }
}

async function workerRecorder(
  script: string,
  sinkOptions: SinkOptions,
  options: Pick<
    HistoryRecorderOptions,
    | 'groupsOf'
    | 'onInteractions'
    | 'onRefused'
    | 'onDeadLetterFile'
    | 'onStoreState'
    | 'batchEvents'
    | 'onError'
    | 'signal'
  > & { onWarning: (message: string) => void },
  /** Resolve once spawned: the thread's boot goes on behind, commands queue until it is up. */
  spawnedOnly = false,
): Promise<HistoryRecorder> {
  // read batch buffers come back on their own port, read synchronously at each send: a router that never yields
  // (simulate routes a whole day in one call) gets them back too
  const returned = new MessageChannel()
  // batches fill slots shared with the writer thread; only a batch past them has a buffer of its own, transferred
  const slots = createBatchSlots()
  const worker = new Worker(script, {
    workerData: { sink: sinkOptions, numbers: returned.port2, slots: slots.data } satisfies WorkerData,
    transferList: [returned.port2],
  })
  const batchEvents = options.batchEvents ?? 2000
  let last: ReturnType<Sink['counters']> | undefined
  let failure: Error | undefined
  let nextId = 0
  const waiting = new Map<number, () => void>()
  let ready: { resolve: (describe: string) => void; reject: (error: Error) => void } | undefined
  const started = new Promise<string>((resolve, reject) => {
    ready = { resolve, reject }
  })
  const fail = (error: Error) => {
    failure ??= error
    ready?.reject(error)
    for (const done of waiting.values()) done()
    waiting.clear()
    options.onError?.(error)
  }
  worker.on('message', (reply: WorkerReply) => {
    switch (reply.t) {
      case 'ready':
        last = reply.counters
        ready?.resolve(reply.describe)
        return
      case 'failed':
        fail(new Error(reply.error))
        return
      case 'counters':
        last = reply.counters
        return
      case 'done':
        last = reply.counters
        waiting.get(reply.id)?.()
        waiting.delete(reply.id)
        return
      case 'live':
        options.onInteractions?.(reply.records)
        return
      case 'refused':
        options.onRefused?.(reply.refusal)
        return
      case 'dead-letters':
        options.onDeadLetterFile?.(reply.state)
        return
      case 'warning':
        options.onWarning(reply.message)
        return
      case 'store':
        options.onStoreState?.(reply.state)
        return
    }
  })
  worker.on('error', fail)
  let closing = false
  worker.on('exit', (code) => {
    if (!closing) fail(new Error(`the history writer thread stopped (exit code ${code})`))
  })
  // a thread that fails to start rejects `started` and is told to onError: nobody awaits it when spawnedOnly
  if (spawnedOnly) started.catch(() => {})
  const describe = spawnedOnly
    ? NO_STORE
    : await unlessAborted(started, options.signal, async () => {
        // the thread's exit is the abandon asked for, not a failure to tell onError
        closing = true
        await worker.terminate()
        slots.retire()
        returned.port1.close()
      })
  // the thread must not keep a finished program alive; it is referenced while a flush or close waits on it
  worker.unref()

  const packer = createEventPacker(slots.acquire)
  let timer: ReturnType<typeof setTimeout> | undefined
  const send = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    if (packer.count === 0 || failure) return
    for (let back = receiveMessageOnPort(returned.port1); back; back = receiveMessageOnPort(returned.port1))
      packer.recycle(back.message as Float64Array<ArrayBuffer>)
    const batch = packer.take()
    const slot = slots.filled(batch.numbers)
    // a slot's number, or the numbers' own buffer moved (no copy); only the batch's new strings are cloned
    if (slot >= 0)
      worker.postMessage({ slot, length: batch.length, shared: batch.shared, strings: batch.strings })
    else worker.postMessage(batch, [batch.numbers.buffer as ArrayBuffer])
  }
  const packed = () => {
    if (packer.count >= batchEvents) send()
    else if (timer === undefined) {
      timer = setTimeout(send, 20)
      timer.unref()
    }
  }
  const command = (t: WorkerCommand['t']): Promise<void> => {
    send()
    if (failure) return Promise.resolve()
    const id = ++nextId
    worker.ref()
    return new Promise<void>((resolve) => {
      waiting.set(id, resolve)
      worker.postMessage({ t, id } satisfies WorkerCommand)
      // ref is not counted: the first of two overlapping commands to end must not unref the one still waiting
    }).finally(() => waiting.size === 0 && worker.unref())
  }
  let closed: Promise<void> | undefined
  const ended = async () => {
    await worker.terminate()
    // the slots go to the process's next recorder: this packer takes a buffer of its own (anything packed after
    // close was never written, as before)
    slots.retire()
    packer.take()
    returned.port1.close()
  }
  const close = () => {
    closed ??= (async () => {
      closing = true
      await command('close')
      await ended()
    })()
    return closed
  }
  // the router writes its run records straight into the batch; each finished entry may fill it
  const record = packingRecordWriter(packer, packed)
  return {
    ...createPackingInput(packer, packed, options.groupsOf),
    describe,
    explanations: 'summary',
    record,
    thread: 'worker',
    flush: () => command('flush'),
    caughtUp: () => command('caught-up'),
    counters(): RecorderCounters {
      const counters = {
        ...(last ?? NOTHING_WRITTEN),
        ...(last ? {} : { open: 0, answered: 0, givenUp: 0, handlingGivenUp: 0, emitted: 0, storeUp: false }),
        buffered: packer.count,
      } as RecorderCounters
      if (failure) counters.lastError = failure.message
      return counters
    },
    close,
    discard() {
      // what a store would still get written is not dropped: that is a close
      if (sinkOptions.store !== undefined) return close()
      closed ??= (async () => {
        closing = true
        if (timer !== undefined) clearTimeout(timer)
        // a flush still waiting would wait for a thread that is gone
        for (const done of waiting.values()) done()
        waiting.clear()
        await ended()
      })()
      return closed
    },
  }
}

/** `opening`'s value; once `signal` aborts first, `abandon()` is awaited and the signal's reason thrown. */
async function unlessAborted<T>(
  opening: Promise<T>,
  signal: AbortSignal | undefined,
  abandon: () => Promise<void>,
): Promise<T> {
  if (signal === undefined) return opening
  let onAbort = () => {}
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason)
  })
  if (signal.aborted) onAbort()
  else signal.addEventListener('abort', onAbort, { once: true })
  try {
    return await Promise.race([opening, aborted])
  } catch (error) {
    if (signal.aborted) {
      // the open's own end (or failure) after the abort is nobody's to hear
      opening.catch(() => {})
      await abandon()
    }
    throw error
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}
