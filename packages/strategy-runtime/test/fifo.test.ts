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

  it('keeps order when the ring wraps, grows while wrapped, retains across the wrap and is reused after clear', () => {
    const fifo = new Fifo<number>()
    for (let i = 0; i < 6; i++) fifo.push(i)
    for (let i = 0; i < 5; i++) fifo.shift()
    // head near the end of the first ring: these wrap, then the ring doubles with its items out of slot order
    for (let i = 6; i < 20; i++) fifo.push(i)
    expect([fifo.size, fifo.peek(), fifo.last()]).toEqual([15, 5, 19])
    fifo.retain((n) => n % 3 === 0)
    const out: number[] = []
    while (fifo.size > 0) out.push(fifo.shift()!)
    expect(out).toEqual([6, 9, 12, 15, 18])
    fifo.push(1)
    fifo.push(2)
    fifo.clear()
    expect([fifo.size, fifo.peek(), fifo.last(), fifo.shift()]).toEqual([0, undefined, undefined, undefined])
    fifo.push(7)
    expect([fifo.size, fifo.peek(), fifo.last()]).toEqual([1, 7, 7])
  })

  it('pops the newest, across the wrap of the ring, and stays a FIFO for the rest', () => {
    const fifo = new Fifo<number>()
    for (let i = 0; i < 7; i++) fifo.push(i)
    for (let i = 0; i < 6; i++) fifo.shift()
    // head at slot 6 of 8: 7 and 8 wrap to slots 0 and 1
    fifo.push(7)
    fifo.push(8)
    expect([fifo.pop(), fifo.pop(), fifo.last(), fifo.size]).toEqual([8, 7, 6, 1])
    expect([fifo.pop(), fifo.pop(), fifo.size, fifo.peek()]).toEqual([6, undefined, 0, undefined])
    fifo.push(1)
    fifo.push(2)
    expect([fifo.shift(), fifo.shift()]).toEqual([1, 2])
  })
})
