// The history writer thread: records are assembled, serialised and written here, never on the routing thread.
// Messages in: a packed batch of RecordEvents, or a command; out: counters, live figures, replies.
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { type MessagePort, parentPort, workerData } from 'node:worker_threads'
import { type BatchSlotsData, readBatchSlots } from './batch-slots.ts'
import type { PackedBatch } from './record-codec.ts'
import { createEventUnpacker } from './record-unpacking.ts'
import { type LiveInteraction, openSink, type Sink, type SinkOptions } from './recorder-sink.ts'
import type { DeadLetterFileState, Refusal, StoreState } from './writer.ts'

/** What the writer thread starts with: the sink's options, and where read batch buffers go back. */
export interface WorkerData {
  sink: SinkOptions
  /** Each batch's numbers, once read (the routing thread fills them again instead of allocating new ones). */
  numbers?: MessagePort
  /** The batch slots shared with the routing thread: a batch in a slot is posted as its number. */
  slots?: BatchSlotsData
}

/** A batch whose numbers are in a shared slot (batch-slots.ts). */
export type SlotBatch = Omit<PackedBatch, 'numbers'> & { slot: number }

/** A command from the routing thread (a batch of events has no `t`). */
export type WorkerCommand =
  | { t: 'flush'; id: number }
  | { t: 'close'; id: number }
  // answered once the batches before it are applied, with no flush forced: a producer's pace
  | { t: 'caught-up'; id: number }

/** What the writer thread tells the routing thread. */
export type WorkerReply =
  | { t: 'ready'; describe: string; counters: ReturnType<Sink['counters']> }
  | { t: 'failed'; error: string }
  | { t: 'counters'; counters: ReturnType<Sink['counters']> }
  | { t: 'done'; id: number; counters: ReturnType<Sink['counters']> }
  | { t: 'live'; records: LiveInteraction[] }
  | { t: 'refused'; refusal: Refusal }
  | { t: 'dead-letters'; state: DeadLetterFileState }
  | { t: 'warning'; message: string }
  | { t: 'store'; state: StoreState }

/**
 * Packed batches (2,000 events each) held as events while the store writes; past it they are built without waiting,
 * their records bounded by the writer's maxInMemory and disk file.
 */
const MAX_WAITING = 32

const port = parentPort
if (!port) throw new Error('recorder-worker runs as a worker thread of createHistoryRecorder')
const post = (reply: WorkerReply) => port.postMessage(reply)

/**
 * Lowers this thread's scheduling priority (Linux: a thread's own nice value, found through /proc/thread-self), so
 * when the cores are busy the routing thread runs first and the records wait. Elsewhere nothing changes.
 */
function yieldToRouting(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1))
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10)
  } catch {
    // not Linux, or not allowed: the thread keeps the process's priority
  }
}

async function main(data: WorkerData): Promise<void> {
  const options = data.sink
  yieldToRouting()
  let sink: Sink
  try {
    sink = await openSink(
      options,
      options.echo ? (records) => post({ t: 'live', records }) : undefined,
      (refusal) => post({ t: 'refused', refusal }),
      (state) => post({ t: 'dead-letters', state }),
      (message) => post({ t: 'warning', message }),
      (state) => post({ t: 'store', state }),
    )
  } catch (error) {
    // nothing listens on the port any more: the thread ends once the message is out
    post({ t: 'failed', error: error instanceof Error ? error.message : String(error) })
    return
  }
  // counters reach the routing thread a few times a second (its metrics read them synchronously)
  const ticker = setInterval(() => post({ t: 'counters', counters: sink.counters() }), 200)
  ticker.unref()
  // commands wait for the events before them: one at a time, in order
  let queue = Promise.resolve()
  // the same bound as the records builder's (one option): a path given up is told to it, which marks the record
  const unpack = createEventUnpacker(options.maxOpen)
  // batches unpacked and waiting for the store (see MAX_WAITING)
  let waiting = 0
  const slots = data.slots ? readBatchSlots(data.slots) : undefined
  port?.on('message', (message: PackedBatch | SlotBatch | WorkerCommand) => {
    if (!('t' in message)) {
      // the events are read out (nothing refers to the numbers any more): the slot or buffer goes back before the
      // records are built; a buffer moved not copied, on a port the routing thread reads when it takes a batch
      let events: ReturnType<typeof unpack>
      if ('slot' in message) {
        if (!slots) throw new Error('A batch in a shared slot, and no slots were given')
        events = unpack({ ...message, numbers: slots.numbers(message.slot) })
        slots.release(message.slot)
      } else {
        events = unpack(message)
        data.numbers?.postMessage(message.numbers, [message.numbers.buffer as ArrayBuffer])
      }
      // a batch's records reach the store before the next batch is built: a burst waits here as events, not as
      // records past the writer's maxInMemory, which went through its disk file (a third of this thread's CPU)
      waiting++
      queue = queue.then(() => {
        waiting--
        try {
          sink.apply(events)
        } catch (error) {
          // the thread fails as when the handler applied it, not a rejected chain that silences every later command
          process.nextTick(() => {
            throw error
          })
          return
        }
        // a store slow to answer (not down): past the bound, batches are built without waiting for it, and the
        // writer's maxInMemory and disk file bound their records as before
        return waiting < MAX_WAITING ? sink.settle() : undefined
      })
      return
    }
    queue = queue.then(async () => {
      if (message.t === 'flush') await sink.flush()
      else if (message.t === 'close') {
        clearInterval(ticker)
        await sink.close()
      }
      post({ t: 'done', id: message.id, counters: sink.counters() })
      if (message.t === 'close') port?.close()
    })
  })
  post({ t: 'ready', describe: sink.describe, counters: sink.counters() })
}

void main(workerData as WorkerData)
