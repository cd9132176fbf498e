// The one `eventually` of the tests: it waits for a value (undefined or false: not yet) or for an assertion to pass
// (a throw: not yet), and fails with what the check last said.
import { describe, expect, it } from 'vitest'
import { eventually } from '../src/testing/index.ts'

/** A check that answers `answers[i]` on its i-th call (the last one from then on); an Error is thrown. */
function answering<T>(...answers: T[]): { check: () => T; calls: () => number } {
  let calls = 0
  return {
    check() {
      const answer = answers[Math.min(calls++, answers.length - 1)] as T
      if (answer instanceof Error) throw answer
      return answer
    },
    calls: () => calls,
  }
}

describe('eventually', () => {
  it('resolves with the first value that is neither undefined nor false', async () => {
    const { check, calls } = answering<string | undefined | false>(undefined, false, 'there')
    expect(await eventually(check)).toBe('there')
    expect(calls()).toBe(3)
  })

  it('polls again while the check throws, also from an async check', async () => {
    const { check, calls } = answering<number | Error>(new Error('not yet'), new Error('not yet'), 7)
    expect(await eventually(async () => check())).toBe(7)
    expect(calls()).toBe(3)
  })

  it('ends once an assertion written as the check passes', async () => {
    let n = 0
    await eventually(() => expect(++n).toBe(3))
    expect(n).toBe(3)
  })

  it("fails at the deadline with the check's last error", async () => {
    let n = 0
    await expect(eventually(() => expect(++n).toBeLessThan(0), 100)).rejects.toThrow(
      /expected \d+ to be less than 0/,
    )
  })

  it('fails at the deadline with a timeout when the check last answered undefined', async () => {
    const { check } = answering<undefined | Error>(new Error('early'), undefined)
    await expect(eventually(check, 100)).rejects.toThrow('Timed out after 100 ms waiting for the condition')
  })
})
