// The telephony waits' patience: a wait goes on while a running stack's logs and traces grow, and fails naming what
// grew last once nothing did for its timeout; on an injected clock (each poll's sleep moves it and writes the log).
import { appendFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { testFolder } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { watchRunDir } from '../src/stack-progress.ts'

/** A stack's run folder whose phone trace grows one line a poll until `hangsAt` (ms on the wait's clock). */
function growingStack(hangsAt: number) {
  const runDir = testFolder('routewright-progress-')
  const trace = path.join(runDir, 'phone-ann.messages.log')
  writeFileSync(trace, '')
  const unwatch = watchRunDir(runDir)
  let t = 0
  // polls 500 ms apart on the clock: a few dozen file reads a test
  const clock = {
    intervalMs: 500,
    now: () => t,
    sleep: async (ms: number) => {
      t += ms
      if (t < hangsAt) appendFileSync(trace, `SIP/2.0 100 Trying (at ${t})\n`)
    },
  }
  return { clock, unwatch, now: () => t }
}

describe('waitFor with a stack running', () => {
  it('waits past its timeout while the stack moves', async () => {
    const s = growingStack(Number.POSITIVE_INFINITY)
    try {
      await expect(
        waitFor('the answer', () => s.now() >= 25_000 && 'answered', 10_000, s.clock),
      ).resolves.toBe('answered')
    } finally {
      s.unwatch()
    }
  })

  it('fails once nothing moved for its timeout, with the file that grew last and its last line', async () => {
    const s = growingStack(3000)
    try {
      await expect(waitFor('the answer', () => false, 10_000, s.clock)).rejects.toThrow(
        /^Timed out after 13000 ms waiting for the answer \(nothing moved for 10000 ms\); last seen: phone-ann\.messages\.log grew to \d+ bytes: SIP\/2\.0 100 Trying \(at 2500\)$/,
      )
    } finally {
      s.unwatch()
    }
  })

  it('is a plain timeout wait once the stack stopped', async () => {
    const s = growingStack(Number.POSITIVE_INFINITY)
    s.unwatch()
    await expect(waitFor('the answer', () => false, 10_000, s.clock)).rejects.toThrow(
      'Timed out after 10000 ms waiting for the answer',
    )
    expect(s.now()).toBe(10_500)
  })
})
