// A resize reaches the layout once it stops; showing, hiding and letting go of a held size count at once. Manual
// timers: nothing here waits for the wall clock.
import { describe, expect, it } from 'vitest'
import { createManualTimers } from '../core/timers.ts'
import { createPaneSizeSettle, type PaneSize } from './pane-size-settle.ts'

function make(settleMs = 250) {
  const clock = createManualTimers()
  const reports: string[] = []
  const settle = createPaneSizeSettle({
    timers: clock.timers,
    settleMs,
    report: (s: PaneSize) => reports.push(`${s.width}x${s.height}`),
  })
  return { clock, reports, settle }
}

describe('createPaneSizeSettle', () => {
  it('reports the first size at once, rounded', () => {
    const { clock, reports, settle } = make()
    settle.measured({ width: 791.6, height: 652.2 })
    expect(reports).toEqual(['792x652'])
    expect(clock.count()).toBe(0)
  })

  it('reports a burst of sizes once, the last one, when the settle timer runs', () => {
    const { clock, reports, settle } = make(250)
    settle.measured({ width: 792, height: 652 })
    for (const width of [700, 600, 500, 640, 560]) settle.measured({ width, height: 600 })
    expect(reports).toEqual(['792x652'])
    expect(clock.count()).toBe(1) // each step cleared the one before
    expect(clock.delays).toEqual([250, 250, 250, 250, 250])
    clock.fire()
    expect(reports).toEqual(['792x652', '560x600'])
  })

  it('reports a pane hidden, and shown again, at once', () => {
    const { clock, reports, settle } = make()
    settle.measured({ width: 792, height: 652 })
    settle.measured({ width: 0, height: 652 })
    settle.measured({ width: 700, height: 652 })
    expect(reports).toEqual(['792x652', '0x652', '700x652'])
    expect(clock.count()).toBe(0)
  })

  it('reports the latest size at once on flush (a splitter let go), and not again when the timer was due', () => {
    const { clock, reports, settle } = make()
    settle.measured({ width: 792, height: 652 })
    settle.measured({ width: 600, height: 652 })
    settle.flush()
    expect(reports).toEqual(['792x652', '600x652'])
    expect(clock.count()).toBe(0)
  })

  it('reports nothing once destroyed', () => {
    const { clock, reports, settle } = make()
    settle.measured({ width: 792, height: 652 })
    settle.measured({ width: 600, height: 652 })
    settle.destroy()
    clock.fire()
    expect(reports).toEqual(['792x652'])
  })
})
