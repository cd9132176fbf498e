// Batch slots shared with the writer thread: each batch's slot is told right, an outgrown or read slot is free
// again, and a closed recorder's slots go to the next one while its packer writes into them no more.
import { describe, expect, it } from 'vitest'
import { createBatchSlots, readBatchSlots } from './batch-slots.ts'
import { createEventPacker } from './record-codec.ts'
import { createEventUnpacker } from './record-unpacking.ts'

/** Packs `n` `completed` events of interaction `id` (each four numbers' worth with its id and no disposition). */
function pack(packer: ReturnType<typeof createEventPacker>, id: string, n: number, at = 0): void {
  for (let i = 0; i < n; i++) packer.pack(['completed', id, at + i, null])
}

describe('batch slots', () => {
  it('puts each batch in a free slot, read by the writer side and then free for the next batch', () => {
    const slots = createBatchSlots(2, 64)
    const reader = readBatchSlots(slots.data)
    const packer = createEventPacker(slots.acquire)
    const unpack = createEventUnpacker()
    pack(packer, 'a', 3)
    const first = packer.take()
    const one = slots.filled(first.numbers)
    expect(one).toBe(0)
    pack(packer, 'b', 2, 10)
    const second = packer.take()
    expect(slots.filled(second.numbers)).toBe(1)
    // both slots wait to be read: the next batch gets a buffer of its own
    pack(packer, 'c', 1)
    const third = packer.take()
    expect(slots.filled(third.numbers)).toBe(-1)
    expect(third.numbers.buffer).not.toBe(slots.data.numbers)
    // the writer side reads the first from its slot and frees it; the next batch after that takes it again
    const events = unpack({ ...first, numbers: reader.numbers(one) })
    expect(events).toEqual([
      ['completed', 'a', 0, null],
      ['completed', 'a', 1, null],
      ['completed', 'a', 2, null],
    ])
    reader.release(one)
    pack(packer, 'd', 1)
    packer.take()
    pack(packer, 'e', 1)
    expect(slots.filled(packer.take().numbers)).toBe(0)
  })

  it('frees a slot a batch outgrew (the batch went in a buffer of its own)', () => {
    const slots = createBatchSlots(1, 16)
    const packer = createEventPacker(slots.acquire)
    // 20 events of 4 numbers: past the slot's 16
    pack(packer, 'big', 20)
    const grown = packer.take()
    expect(grown.length).toBe(80)
    expect(slots.filled(grown.numbers)).toBe(-1)
    // the one slot was free again for the batch after it
    pack(packer, 'small', 1)
    expect(slots.filled(packer.take().numbers)).toBe(0)
  })

  it('gives a closed recorder’s slots to the next one, and the closed packer no slot any more', () => {
    const slots = createBatchSlots(3, 32)
    const packer = createEventPacker(slots.acquire)
    pack(packer, 'a', 1)
    slots.filled(packer.take().numbers)
    slots.retire()
    packer.take()
    const next = createBatchSlots(3, 32)
    expect(next.data).toBe(slots.data)
    // every slot is free for the next recorder, the closed one's in-flight and filling slots too
    const nextPacker = createEventPacker(next.acquire)
    pack(nextPacker, 'x', 1)
    pack(packer, 'late', 5)
    const late = packer.take()
    expect(late.numbers.buffer).not.toBe(slots.data.numbers)
    const batch = nextPacker.take()
    expect(next.filled(batch.numbers)).toBe(0)
    expect(createEventUnpacker()({ ...batch })).toEqual([['completed', 'x', 0, null]])
    // a set already handed out is not handed out twice
    expect(createBatchSlots(3, 32).data).not.toBe(slots.data)
  })
})
