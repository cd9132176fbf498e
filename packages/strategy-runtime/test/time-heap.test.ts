// The TimeHeap (simulation events by time, then scheduling order) pops exactly the order a stable sort gives.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TimeHeap } from '../src/util/binary-heap.ts'

describe('TimeHeap', () => {
  it('pops slots by time, ties in the order they were pushed, across growth and interleaved pops', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 700 }),
        (ops) => {
          const heap = new TimeHeap()
          const model: Array<{ slot: number; time: number; order: number }> = []
          const popped: number[] = []
          const expected: number[] = []
          let order = 0
          const popBoth = () => {
            popped.push(heap.pop())
            model.sort((a, b) => a.time - b.time || a.order - b.order)
            expected.push(model.shift()?.slot ?? -1)
          }
          for (const op of ops) {
            if (op < 0) popBoth()
            else {
              // times repeat often (0..50), so ties decide most of the order
              heap.push(order, op, order)
              model.push({ slot: order, time: op, order })
              order++
            }
          }
          expect(heap.size).toBe(model.length)
          while (model.length > 0 || heap.size > 0) popBoth()
          expect(popped).toEqual(expected)
          expect([heap.pop(), heap.peek(), heap.topTime()]).toEqual([-1, -1, Number.POSITIVE_INFINITY])
        },
      ),
      { seed: 7, numRuns: 200 },
    )
  })

  it('shows the top without removing it', () => {
    const heap = new TimeHeap()
    heap.push(4, 20, 0)
    heap.push(9, 10, 1)
    heap.push(2, 10, 2)
    expect([heap.peek(), heap.topTime(), heap.topOrder(), heap.size]).toEqual([9, 10, 1, 3])
    expect([heap.pop(), heap.pop(), heap.pop()]).toEqual([9, 2, 4])
  })
})
