// waitFor's progress-based patience: a slow wait that moves goes on, one where nothing moves fails, and a hard cap
// bounds one that moves forever; on an injected clock (each poll's sleep moves it), so no test here waits.
import { describe, expect, it } from 'vitest'
import { type WaitProgress, waitFor } from '../src/ports.ts'

/** A clock that only the wait's sleeps move, and `moving(t)` that says whether the work moved by time t. */
function clocked(moving: (t: number) => boolean, seen = 'serve.log grew') {
  let t = 0
  let marks = 0
  const progress: WaitProgress = {
    mark: () => (moving(t) ? ++marks : marks),
    seen: () => seen,
  }
  return {
    options: {
      progress,
      now: () => t,
      sleep: async (ms: number) => {
        t += ms
      },
    },
    now: () => t,
  }
}

describe('waitFor', () => {
  it('keeps waiting past timeoutMs while the work moves, and resolves with the value', async () => {
    const c = clocked(() => true)
    // the answer comes at 2.5 x the timeout: a loaded machine, slow but moving
    const value = await waitFor('the answer', () => c.now() >= 2500 && 'answered', 1000, c.options)
    expect(value).toBe('answered')
  })

  it('fails once nothing moved for timeoutMs, naming what it waited for and what moved last', async () => {
    // the work moves for 1.5 s, then hangs
    const c = clocked((t) => t < 1500, 'phone-ann.messages.log grew to 812 bytes: SIP/2.0 180 Ringing')
    await expect(waitFor('the answer', () => false, 1000, c.options)).rejects.toThrow(
      'Timed out after 2500 ms waiting for the answer (nothing moved for 1000 ms); last seen: phone-ann.messages.log grew to 812 bytes: SIP/2.0 180 Ringing',
    )
  })

  it('fails at the hard cap when the work moves but the condition never comes', async () => {
    const c = clocked(() => true)
    await expect(waitFor('the answer', () => undefined, 1000, { ...c.options, capMs: 3000 })).rejects.toThrow(
      'Timed out after 3050 ms waiting for the answer (at the cap of 3000 ms though its work still moved)',
    )
  })

  it('without progress is a plain timeoutMs wait', async () => {
    const c = clocked(() => true)
    const { progress: _, ...fixed } = c.options
    await expect(waitFor('the answer', () => false, 1000, fixed)).rejects.toThrow(
      'Timed out after 1000 ms waiting for the answer',
    )
    expect(c.now()).toBe(1050)
  })
})
