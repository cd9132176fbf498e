// The next call reaches an agent's phone only after that phone answered the BYE of the last one, made
// deterministic: the phone takes 300 ms to answer a BYE. Kamailio once told the bridge a call had ended as the BYE
// arrived; the router then rang the phone with the queued call before the BYE had even reached it (in CI an agent's
// phone had two calls at once).
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startTelephonyStack, waitFor } from '../src/index.ts'
import { phoneWithInvites } from './phone-trace.ts'
import { phoneScenario } from './scripted-agent.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

describe('the end of a call and the next one to the same agent', () => {
  it('rings the phone with the queued call only after it answered the BYE of the last one', async () => {
    const runDir = keep.runDir()
    const scenario = path.join(runDir, 'slow-bye-phone.xml')
    // the phone takes 300 ms to answer a BYE
    writeFileSync(scenario, phoneScenario(300))
    const stack = keep(await startTelephonyStack({ agents: [{ id: 'ann', ringMs: 100, scenario }], runDir }))
    // ann is the only agent: the second caller waits in the queue until the first one hangs up
    const call = { dnis: '5000', patienceMs: 60_000, ani: '+12125550100' }
    const callers = await stack.call([
      { ...call, startMs: 0, holdMs: 600 },
      { ...call, startMs: 100, holdMs: 300 },
    ])
    expect(await callers.exited, callers.tail()).toBe(0)
    const s = stack
    await waitFor('both calls to end', () => s.bridge.figures().open === 0, 10_000)
    expect(stack.bridge.figures()).toMatchObject({ offered: 2, answered: 2, overlaps: 0 })

    // the phone's sipp still runs: whole messages only, once both calls' INVITEs are in
    const log = await phoneWithInvites(stack.phones[0]!.messageFile, 2)
    expect(log.invites).toHaveLength(2)
    expect(log.maxConcurrent).toBe(1)
  })
})
