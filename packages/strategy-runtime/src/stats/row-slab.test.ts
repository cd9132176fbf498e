// The shared slab behind every series' rows: blocks reused by class, rows kept across moves and slab growth, and a
// series dropping rows from its front staying in a bounded block.
import { describe, expect, it } from 'vitest'
import { CumulativeSeries, PairSeries } from './memory-series.ts'
import { AgentTimeline } from './memory-timeline.ts'
import { blockSize, classFor, RowSlab } from './row-slab.ts'
import { rowSlab } from './time-rows.ts'

describe('RowSlab', () => {
  it('hands a freed block of a class out again, and not for another class', () => {
    const slab = new RowSlab(64)
    const a = slab.alloc(1)
    const b = slab.alloc(1)
    slab.release(a, 1)
    expect(slab.alloc(2)).not.toBe(a)
    expect(slab.alloc(1)).toBe(a)
    expect(slab.alloc(1)).not.toBe(b)
  })

  it('keeps the numbers of blocks in use when the slab grows', () => {
    const slab = new RowSlab(8)
    const blocks: number[] = []
    for (let i = 0; i < 40; i++) {
      const at = slab.alloc(i % 3)
      slab.data.fill(i, at, at + blockSize(i % 3))
      blocks.push(at)
    }
    expect(slab.data.length).toBeGreaterThan(8)
    blocks.forEach((at, i) => {
      expect(Array.from(slab.data.subarray(at, at + blockSize(i % 3)))).toEqual(
        new Array(blockSize(i % 3)).fill(i),
      )
    })
    expect(slab.numbers.used).toBe(blocks.reduce((sum, _, i) => sum + blockSize(i % 3), 0))
  })

  it('sizes classes by doubling from one row of stride 3', () => {
    expect([1, 3, 4, 5, 7, 8, 9, 14].map(classFor)).toEqual([0, 0, 0, 1, 1, 1, 2, 2])
  })
})

describe('series rows in the shared slab', () => {
  it('keeps every series its own rows while many grow interleaved (each growth a move to a bigger block)', () => {
    const series = Array.from({ length: 30 }, () => new PairSeries(1e12))
    const expected: number[][] = series.map(() => [])
    for (let step = 1; step <= 200; step++) {
      series.forEach((s, i) => {
        if (step % (1 + (i % 4)) !== 0) return
        const last = expected[i]!
        const count = (last.length === 0 ? 0 : last[last.length - 2]!) + 1
        const sum = (last.length === 0 ? 0 : last[last.length - 1]!) + i
        s.add(step * 2_000, 1, i)
        last.push(step * 2_000, count, sum)
      })
    }
    series.forEach((s, i) => {
      expect(s.exportRows()).toEqual(expected[i])
      expect(s.count(0, 400_000)).toBe(expected[i]!.length / 3)
    })
  })

  it('drops rows from the front and stays in a block about twice what it keeps', () => {
    const before = rowSlab.numbers.used
    const s = new CumulativeSeries(60_000)
    for (let k = 0; k < 5_000; k++) s.add(k * 1_000, 1)
    // 60 rows of the last minute plus the base row
    expect(s.size).toBe(61)
    const rows = s.exportRows()
    expect(rows.slice(0, 3)).toEqual([4_939_000, 4_940, 0])
    expect(rows.slice(-3)).toEqual([4_999_000, 5_000, 0])
    expect(s.between(4_939_000, 4_999_000)).toBe(60)
    expect(rowSlab.numbers.used - before).toBeLessThanOrEqual(blockSize(classFor(61 * 3 * 2)))
  })

  it('moves a series that dropped most of its rows to a smaller block, keeping its rows', () => {
    const timeline = new AgentTimeline(3_600_000)
    for (let k = 0; k < 3_000; k++) timeline.complete(k * 1_000, 10)
    const used = rowSlab.numbers.used
    // an hour and a half later: every row but the base falls out of the horizon
    timeline.complete(3_000_000 + 5_400_000, 20)
    expect(timeline.rowCount).toBe(2)
    expect(rowSlab.numbers.used).toBeLessThan(used)
    expect(timeline.completed(0, 9_000_000)).toBe(3_001)
    expect(timeline.handleMs(2_999_000, 9_000_000)).toBe(20)
  })

  it('restores imported rows into a block of their own', () => {
    const a = new CumulativeSeries(1e12)
    const b = new CumulativeSeries(1e12)
    a.importRows([1_000, 1, 0, 2_000, 3, 0.001])
    b.importRows([1_000, 7, 0])
    a.add(3_000, 1)
    expect(a.exportRows()).toEqual([1_000, 1, 0, 2_000, 3, 0.001, 3_000, 5, 0.001])
    expect(b.exportRows()).toEqual([1_000, 7, 0])
    a.importRows([])
    expect(a.exportRows()).toEqual([])
    expect(a.valueAt(5_000)).toBe(0)
  })
})
