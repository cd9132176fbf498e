// The shared FIFO: order kept across the bulk cut of its consumed front, and retain keeps order too.
import { describe, expect, it } from 'vitest'
import { Fifo } from '../src/util/fifo.ts'

describe('Fifo', () => {
  it('gives items back in push order across the cut of its consumed front', () => {
    const fifo = new Fifo<number>()
    const out: number[] = []
    for (let i = 0; i < 5000; i++) {
      fifo.push(i)
      if (i % 3 === 2) out.push(fifo.shift()!, fifo.shift()!)
    }
    while (fifo.size > 0) out.push(fifo.shift()!)
    expect(out).toEqual(Array.from({ length: 5000 }, (_, i) => i))
    expect(fifo.shift()).toBeUndefined()
    expect(fifo.peek()).toBeUndefined()
  })

  it('peeks the oldest and the newest, and retains in order', () => {
    const fifo = new Fifo<number>()
    for (let i = 0; i < 10; i++) fifo.push(i)
    fifo.shift()
    expect([fifo.peek(), fifo.last(), fifo.size]).toEqual([1, 9, 9])
    fifo.retain((n) => n % 2 === 0)
    expect([fifo.size, fifo.shift(), fifo.shift(), fifo.last()]).toEqual([4, 2, 4, 8])
  })
})
