// The batch's event count is handed to `packed` after each entry (no getter read per entry): the recorder posts a
// batch when it says the batch is full, so a wrong count would post batches too late or never.
import { describe, expect, it } from 'vitest'
import { createEventPacker, KIND_CODES } from './record-codec.ts'
import { createPackingInput, packingRecordWriter } from './record-packing.ts'

describe('the batch count handed to packed', () => {
  it('end() returns the events since the last take, as count reads them', () => {
    const packer = createEventPacker()
    const ends: number[] = []
    for (let i = 0; i < 3; i++) {
      packer.begin(KIND_CODES.completed)
      packer.id(`c${i}`)
      packer.num(i)
      ends.push(packer.end())
      expect(packer.count).toBe(ends[i])
    }
    expect(ends).toEqual([1, 2, 3])
    packer.take()
    packer.begin(KIND_CODES.timeout)
    packer.id('c9')
    packer.num(9)
    expect(packer.end()).toBe(1)
  })

  it('a run record writer and a packing input tell packed the count after each entry, and a batch fills at it', () => {
    const packer = createEventPacker()
    const told: number[] = []
    const batches: number[] = []
    const packed = (count: number) => {
      told.push(count)
      if (count >= 2) batches.push(packer.take().length)
    }
    const record = packingRecordWriter(packer, packed)
    const input = createPackingInput(packer, packed)
    for (let i = 0; i < 3; i++) {
      record.begin(64)
      record.id(`r${i}`)
      record.num(i)
      record.shared('pool')
      record.shared('pick')
      record.end()
      input.completed(`r${i}`, i)
    }
    expect(told).toEqual([1, 2, 1, 2, 1, 2])
    expect(batches).toHaveLength(3)
    expect(packer.count).toBe(0)
  })
})
