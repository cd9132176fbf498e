// The submit timing debug option (ROUTEWRIGHT_SUBMIT_TIMING): per interaction, the first time it reached each stage,
// written as epoch ms that bench/submit-stages.mjs joins with the load generator's.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSubmitTiming, SUBMIT_STAGES } from '../src/core/submit-timing.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('submit timing', () => {
  it('keeps the first time of each stage per interaction, in stage order, null where a stage was not reached', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rw-submit-timing-'))
    dirs.push(dir)
    const file = path.join(dir, 'timing.json')
    const exitListeners = process.listenerCount('exit')
    const timing = createSubmitTiming(file)
    const before = Date.now()
    timing.mark('i1', 'parsed')
    timing.mark('i1', 'decided')
    timing.mark('i2', 'parsed')
    const firstDecided = () => JSON.parse(readFileSync(file, 'utf8')).times.i1[1]
    timing.write()
    const decided = firstDecided()
    // a second routed event of the same interaction (routed again after a rejection) is not its first
    timing.mark('i1', 'decided')
    timing.mark('i1', 'streamed')
    // written a last time, and not again at the worker's exit, after afterEach has removed the folder
    timing.close()
    expect(process.listenerCount('exit')).toBe(exitListeners)
    const written = JSON.parse(readFileSync(file, 'utf8'))
    expect(written.stages).toEqual([...SUBMIT_STAGES])
    expect(firstDecided()).toBe(decided)
    const [parsed, , commitSent, committed, streamed] = written.times.i1
    expect(parsed).toBeGreaterThanOrEqual(before - 1)
    expect(decided).toBeGreaterThanOrEqual(parsed)
    expect([commitSent, committed]).toEqual([null, null])
    expect(streamed).toBeGreaterThanOrEqual(decided)
    expect(written.times.i2.slice(1)).toEqual([null, null, null, null])
  })

  it("writes the wall clock's time even when it was stepped since the process started", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rw-submit-timing-'))
    dirs.push(dir)
    const file = path.join(dir, 'timing.json')
    // as after an NTP step or a resumed VM: the process's time origin 60 s off today's wall clock
    const origin = performance.timeOrigin
    const stepped = vi.spyOn(performance, 'timeOrigin', 'get').mockReturnValue(origin - 60_000)
    try {
      const timing = createSubmitTiming(file)
      const before = Date.now()
      timing.mark('i1', 'parsed')
      const after = Date.now()
      timing.close()
      const [parsed] = JSON.parse(readFileSync(file, 'utf8')).times.i1
      expect(parsed).toBeGreaterThanOrEqual(before - 1)
      expect(parsed).toBeLessThanOrEqual(after + 1)
    } finally {
      stepped.mockRestore()
    }
  })
})
