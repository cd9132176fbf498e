import { describe, expect, it } from 'vitest'
import { SINGLE_THREAD_SCAVENGE, scavengeFlag } from './serve-scavenge.ts'

describe('scavengeFlag', () => {
  it('keeps scavenges on one thread on a host of 1 or 2 cores', () => {
    expect(scavengeFlag(1, [])).toBe(SINGLE_THREAD_SCAVENGE)
    expect(scavengeFlag(2, ['--enable-source-maps'])).toBe('--no-parallel-scavenge')
  })

  it('leaves V8 its parallel scavenger with more cores', () => {
    expect(scavengeFlag(3, [])).toBeUndefined()
    expect(scavengeFlag(16, [])).toBeUndefined()
  })

  it("leaves the scavenger as Node was started when its flags name one (an operator's choice wins)", () => {
    expect(scavengeFlag(2, ['--parallel-scavenge'])).toBeUndefined()
    expect(scavengeFlag(2, ['--parallel_scavenge'])).toBeUndefined()
    expect(scavengeFlag(2, ['--no-parallel-scavenge'])).toBeUndefined()
    // a flag that only starts like one is not one
    expect(scavengeFlag(2, ['--parallel-scavenge-task-trace'])).toBe(SINGLE_THREAD_SCAVENGE)
  })
})
