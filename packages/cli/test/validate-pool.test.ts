// How validate sizes its worker pool, and that a shard lets go of each file once it is checked.
import { describe, expect, it } from 'vitest'
import { planWorkers } from '../src/strategy-checker.ts'
import { StrategyShard } from '../src/strategy-shard.ts'
import { strategy } from './helpers.ts'

const MB = 1024 * 1024
const plenty = 16 * 1024 * MB

describe('planWorkers', () => {
  it.each([
    ['few files stay in this thread', { files: 40, bytes: 0.2 * MB, cores: 8 }, 0],
    ['one core still takes a worker, for its heap ceiling', { files: 1000, bytes: 6.3 * MB, cores: 1 }, 1],
    ['1,000 files of 51 nodes take one worker', { files: 1000, bytes: 6.3 * MB, cores: 2 }, 1],
    ['twice that takes a second', { files: 2000, bytes: 12.6 * MB, cores: 2 }, 2],
    ['never more than the cores', { files: 9000, bytes: 60 * MB, cores: 2 }, 2],
    ['never more than four', { files: 9000, bytes: 60 * MB, cores: 16 }, 4],
  ])('%s', (_, input, workers) => {
    expect(planWorkers({ ...input, freeBytes: plenty }).workers).toBe(workers)
  })

  it('starts fewer workers when free memory would not hold them', () => {
    const input = { files: 9000, bytes: 60 * MB, cores: 4 }
    expect(planWorkers({ ...input, freeBytes: plenty }).workers).toBe(4)
    expect(planWorkers({ ...input, freeBytes: 1536 * MB }).workers).toBe(2)
    expect(planWorkers({ ...input, freeBytes: 100 * MB }).workers).toBe(1)
  })

  it('gives each worker a heap ceiling far above its share, growing with it', () => {
    const small = planWorkers({ files: 1000, bytes: 6.3 * MB, cores: 2, freeBytes: plenty })
    const large = planWorkers({ files: 20000, bytes: 126 * MB, cores: 2, freeBytes: plenty })
    expect(small.heapLimitMb).toBeGreaterThanOrEqual(256)
    expect(large.heapLimitMb).toBeGreaterThan((126 / large.workers) * 24)
  })
})

describe('StrategyShard', () => {
  it('checks each parsed file once, then holds none of them', () => {
    const shard = new StrategyShard()
    const items = ['a', 'b'].map((id, index) => ({
      index,
      display: `${id}.strategy.yaml`,
      input: strategy(id),
    }))
    const parsed = shard.parse(items)
    const strategies = new Map(parsed.map((p) => [p.document!.strategy, p.document!]))
    expect(shard.validate(strategies).map((v) => v.index)).toEqual([0, 1])
    expect(shard.validate(strategies)).toEqual([])
  })
})
