// Batch buffers shared with the writer thread: the routing thread fills a slot of one SharedArrayBuffer and posts
// only its number; the writer thread reads it and marks it free (Atomics), with no buffer moved either way. Before,
// a writer thread behind the router handed few buffers back in time, so nearly every batch had a new one whose pages
// the routing thread faulted in again (4 KB at a time); slots are reused, and outlive their recorder for the next.

/** What the writer thread is given once (workerData): the slots' numbers and their flags. */
export interface BatchSlotsData {
  numbers: SharedArrayBuffer
  /** One Int32 per slot: 1 while the routing thread fills it or the writer thread has not read it yet, 0 free. */
  flags: SharedArrayBuffer
  /** Numbers per slot. */
  size: number
}

/** Slots a recorder shares (16 MB of address space, resident only as far as written): a day routed at once (the
 * bench: 39 batches) fits while the writer thread is behind; past them batches fall back to buffers of their own. */
export const BATCH_SLOTS = 64
/** Numbers per slot (256 KB): a batch that outgrows it is copied to a buffer of its own and transferred. */
export const SLOT_NUMBERS = 32_768

const FREE = 0
const USED = 1

/** The routing thread's side: free slots handed to the packer, and the slot a taken batch filled. */
export interface BatchSlots {
  readonly data: BatchSlotsData
  /**
   * A free slot's numbers for the next batch, undefined when the writer thread holds every slot. The packer asks at
   * its start and at each take, given the numbers just filled: a slot they outgrew (copied into a bigger buffer of
   * their own) is free again at once.
   */
  acquire(filled?: Float64Array): Float64Array<ArrayBuffer> | undefined
  /** The slot of the batch just taken (its `numbers`), or -1: a buffer of its own, to transfer. */
  filled(numbers: Float64Array): number
  /**
   * The writer thread has ended: the slots wait, all free, for the process's next recorder (see spare), and
   * `acquire` gives no more (the packer must be moved off its slot by a take right after).
   */
  retire(): void
}

/**
 * Slots of recorders that have closed, for the next one of the process: their pages stay resident, so a new
 * recorder does not fault in a fresh 256 KB per batch again (a 4 KB page fault a few µs on the shared host).
 */
const spare: BatchSlotsData[] = []
/** Retired slot sets kept (a process seldom has more recorders at once). */
const MAX_SPARE = 1

export function createBatchSlots(slots = BATCH_SLOTS, size = SLOT_NUMBERS): BatchSlots {
  const index = spare.findIndex((d) => d.size === size && d.flags.byteLength === slots * 4)
  const data: BatchSlotsData =
    index >= 0
      ? (spare.splice(index, 1)[0] as BatchSlotsData)
      : { numbers: new SharedArrayBuffer(slots * size * 8), flags: new SharedArrayBuffer(slots * 4), size }
  const flags = new Int32Array(data.flags)
  // the views are made once (a view per batch would be an object per batch); pages are touched only when written
  const views = Array.from(
    { length: slots },
    (_, i) => new Float64Array(data.numbers, i * size * 8, size) as unknown as Float64Array<ArrayBuffer>,
  )
  // the slot being filled, and the one the batch just taken was given (take acquires the next before it returns)
  let filling = -1
  let taken = -1
  let retired = false
  return {
    data,
    acquire(filled) {
      taken = filling
      filling = -1
      if (taken >= 0 && filled !== views[taken]) {
        // outgrown: the writer thread never sees the slot
        Atomics.store(flags, taken, FREE)
        taken = -1
      }
      if (retired) return undefined
      // the lowest free slot: a writer that keeps up reuses the same few (resident) pages
      for (let i = 0; i < slots; i++) {
        if (Atomics.load(flags, i) === FREE) {
          Atomics.store(flags, i, USED)
          filling = i
          return views[i]
        }
      }
      return undefined
    },
    filled(numbers) {
      const slot = taken
      taken = -1
      return slot >= 0 && numbers === views[slot] ? slot : -1
    },
    retire() {
      if (retired) return
      retired = true
      // no thread reads them any more: every slot is free, the one being filled too
      flags.fill(FREE)
      filling = taken = -1
      if (spare.length < MAX_SPARE) spare.push(data)
    },
  }
}

/** The writer thread's side: a posted slot's numbers, and the slot given back once read. */
export function readBatchSlots(data: BatchSlotsData): {
  numbers(slot: number): Float64Array<ArrayBuffer>
  release(slot: number): void
} {
  const flags = new Int32Array(data.flags)
  const slots = flags.length
  const views = Array.from(
    { length: slots },
    (_, i) =>
      new Float64Array(data.numbers, i * data.size * 8, data.size) as unknown as Float64Array<ArrayBuffer>,
  )
  return {
    numbers(slot) {
      const view = views[slot]
      if (!view) throw new Error(`No batch slot ${slot} (there are ${slots})`)
      return view
    },
    release: (slot) => Atomics.store(flags, slot, FREE),
  }
}
