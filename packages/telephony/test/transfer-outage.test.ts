// A blind transfer across an outage of the bridge's evapi link. Kamailio keeps the way a leg ended (`ended`) with the
// leg's REFER mark, so a leg whose BYE the bridge missed while the link was down is reconciled as the transfer it
// was, even after the bridge's own wait for it gave up; and a REFER the caller refuses takes that mark back in
// Kamailio (the bridge, its link down, cannot), so that leg's later end is a plain complete. Kamailio tells the
// bridge of that refusal (`refer-failed`): its transfer fails at once with the code; with that word lost, the leg's
// end reconciled trusts `ended`'s mark over the transfer the bridge still waits on. Real Kamailio, sipp phones and
// caller, serve with a history store.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { openStore } from '@routewright/history'
import { describe, expect, it } from 'vitest'
import { type BridgeFigures, type StackOptions, type TelephonyStack, waitFor } from '../src/index.ts'
import { act, login } from './desktop-client.ts'
import { kamailioConfigWith } from './kamailio-config.ts'
import { callerByeAt, readTrace, waitForMessages } from './phone-trace.ts'
import { callerCall, startRelayedStack } from './relayed-stack.ts'
import { phoneScenario } from './scripted-agent.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

async function setState(s: TelephonyStack, agent: string, state: string): Promise<void> {
  expect((await s.router.call('PUT', `/v1/agents/${agent}/state`, { state })).status).toBe(200)
}

/** A stack with ann and dan (dan not ready, so the call goes to ann), serve keeping history in the run folder. */
async function startStack(
  annScenario?: (runDir: string) => string,
  extra: Pick<StackOptions, 'commandTimeoutMs' | 'kamailioConfig' | 'runDir'> = {},
) {
  const runDir = extra.runDir ?? keep.runDir()
  const store = `sqlite:${path.join(runDir, 'history.db')}`
  const scenario = annScenario?.(runDir)
  const stack = await startRelayedStack(keep, {
    agents: [
      { id: 'ann', ringMs: 100, ...(scenario === undefined ? {} : { scenario }) },
      { id: 'dan', ringMs: 100 },
    ],
    ...extra,
    runDir,
    history: { store },
  })
  await setState(stack.s, 'dan', 'not-ready')
  return { ...stack, store }
}

/**
 * ann's talking call, then dan made ready and the call transferred to him (the transfer's outcome, never thrown);
 * `beforeRefer` runs just before the transfer is asked.
 */
async function transferAnnsCall(s: TelephonyStack, beforeRefer?: () => void) {
  const call = await waitFor(
    'the call talking with ann',
    () => s.bridge.calls().find((c) => c.agent === 'ann' && c.state === 'talking'),
    15_000,
  )
  await setState(s, 'dan', 'ready')
  beforeRefer?.()
  const transfer = s.bridge.transfer(call.callId, 'dan').then(
    () => undefined,
    (error: Error) => error,
  )
  return { call, transfer }
}

/**
 * The bridge's wait for a transfer's leg to end, shortened from its 15 s default (the tests wait it out): it must
 * outlast the link's cut, which comes within a second or two of the transfer (each test checks it still waits then);
 * 6 s leaves 4 s to spare (8 s waited 2 s more for nothing).
 */
const transferWaitMs = 6000

/** The transfer still waiting: its wait gave up no take-back before the link was cut. */
async function stillWaiting(transfer: Promise<Error | undefined>): Promise<void> {
  expect(await Promise.race([transfer, Promise.resolve('still waiting')])).toBe('still waiting')
}

/** The link is down until Kamailio holds no call and the bridge's transfer gave up (its command timeout). */
async function endedWhileDown(s: TelephonyStack, transfer: Promise<Error | undefined>): Promise<void> {
  await waitFor(
    'the call to end in Kamailio',
    async () => (await s.kamailioRpc.heldCalls()).size === 0,
    30_000,
  )
  // the bridge heard neither the REFER's outcome nor the BYE: its wait gave up and took its own mark back
  expect((await transfer)?.message).toMatch(/did not end within/)
}

/** Waits for the caller's 603 to the REFER, whole in its sipp's message log (written while sipp runs). */
function declined(callerLog: string): Promise<string> {
  const refused = { direction: 'sent', what: "the caller's 603 to the REFER" } as const
  return waitForMessages(callerLog, /^SIP\/2\.0 603 Declined\r?$/m, refused)
}

/** ann's handling of `interaction` as serve's history recorded it (serve stopped first, so every write is in). */
async function annHandling(s: TelephonyStack, store: string, interaction: string) {
  await waitFor(
    'the interaction completed at the router',
    async () =>
      (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(interaction)}`)).body.state ===
      'completed',
    10_000,
  )
  await s.stop()
  const history = await openStore(store)
  try {
    const handlings = await history.handling({ from: 0, to: Number.MAX_SAFE_INTEGER })
    return handlings.find((h) => h.interaction === interaction && h.agent === 'ann')
  } finally {
    await history.close()
  }
}

/** The bridge's `/telephony/figures`, as the operator's monitoring reads them. */
async function figures(s: TelephonyStack): Promise<BridgeFigures> {
  return (await fetch(`${s.bridgeUrl}/telephony/figures`)).json() as Promise<BridgeFigures>
}

/**
 * ann's talking call transferred to dan from ann's desktop, as her Transfer button does: the desktop's answer;
 * `notReadyFirst`, the answer while dan is not ready yet (nothing sent) too.
 */
async function transferAtAnnsDesktop(s: TelephonyStack, notReadyFirst = false) {
  const call = await waitFor(
    'the call talking with ann',
    () => s.bridge.calls().find((c) => c.agent === 'ann' && c.state === 'talking'),
    15_000,
  )
  const desktop = `${s.bridgeUrl}/desktop/`
  const ann = await login(desktop, 'ann')
  const notReady = notReadyFirst ? await act(desktop, ann, call.callId, 'transfer', { to: 'dan' }) : undefined
  await setState(s, 'dan', 'ready')
  const answer = await act(desktop, ann, call.callId, 'transfer', { to: 'dan' })
  return { call, answer, notReady }
}

describe("a REFER the caller's phone refuses", () => {
  it('fails the transfer at once with the SIP code (Kamailio tells the bridge), the call talking on with its agent', async () => {
    const { s, relay, store } = await startStack()
    try {
      const callers = await s.call([
        callerCall({ startMs: 0, holdMs: 60_000, ani: '+1212555320', referRefused: true }),
      ])
      const { call, answer, notReady } = await transferAtAnnsDesktop(s, true)
      // before, `The call could not be changed: Cannot transfer to dan now: dan is not-ready. The caller stays...`
      expect(notReady).toEqual({
        status: 409,
        body: {
          error:
            'Transfer to dan failed: dan is not ready; the caller is still with you. Pick an agent who is ready, or a routing point to queue the call',
        },
      })
      // before, only the bridge's own timeout failed it: `did not end within 15000 ms`; then a 502, as if the SIP
      // path had failed: the phone's no is the call's answer (409), the agent's to act on
      expect(answer).toEqual({
        status: 409,
        body: {
          error:
            "Transfer to dan failed: The caller's phone refused the transfer (SIP 603): the call stays with you",
        },
      })
      expect((await figures(s)).transfersFailed).toEqual({
        refused: { 603: 1 },
        timedOut: 0,
        linkDown: 0,
        unheard: 0,
      })
      // sipp writes its message log while it runs: a read may catch the reply half written
      await declined(callers.messageFile)
      expect(s.bridge.calls().find((c) => c.interaction === call.interaction)?.state).toBe('talking')
      expect(await s.kamailioRpc.item('referred', `${call.callId}|1`)).toBeUndefined()
      await s.bridge.release(call.callId, 'ann')
      expect(await annHandling(s, store, call.interaction)).toMatchObject({ endedBy: 'completed' })
    } finally {
      await relay.close()
    }
  })
})

describe("a REFER the caller's phone never answers", () => {
  it("fails the transfer on Kamailio's timeout (408), naming it at the desktop, the call talking on with its agent and its marks taken back", async () => {
    // Kamailio gives a request up after 2 s here, not 5: its 408 still comes well before the bridge's own 15 s wait
    const config = kamailioConfigWith(
      keep,
      'modparam("tm", "fr_timer", __FR_TIMER_MS__)',
      'modparam("tm", "fr_timer", 2000)',
    )
    const { s, relay, store } = await startStack(undefined, config)
    try {
      // the caller's phone takes the REFER (and each retransmission of it) in silence, and talks on
      const callers = await s.call([
        callerCall({ startMs: 0, holdMs: 60_000, ani: '+1212555340', referUnanswered: true }),
      ])
      const { call, answer } = await transferAtAnnsDesktop(s)
      // before, the same 502 said only `did not answer the transfer (SIP 408)`: not that nothing came in time
      expect(answer).toEqual({
        status: 502,
        body: {
          error:
            "Transfer to dan failed: The caller's phone did not answer the transfer: it timed out in Kamailio (SIP 408, no answer within its transaction timer); the call stays with you",
        },
      })
      const trace = readTrace(callers.messageFile)
      expect(trace).toMatch(/^REFER sip:/m)
      expect(trace).not.toMatch(/^SIP\/2\.0 (202|603)/m)
      expect((await figures(s)).transfersFailed).toEqual({
        refused: {},
        timedOut: 1,
        linkDown: 0,
        unheard: 0,
      })
      expect(s.bridge.calls().find((c) => c.interaction === call.interaction)?.state).toBe('talking')
      expect(await s.kamailioRpc.item('referred', `${call.callId}|1`)).toBeUndefined()
      // the bridge's own mark gone too: the leg's end is a plain complete, not a transfer to dan
      await s.bridge.release(call.callId, 'ann')
      expect(await annHandling(s, store, call.interaction)).toMatchObject({ endedBy: 'completed' })
    } finally {
      await relay.close()
    }
  })
})

describe('a blind transfer across a link outage', () => {
  it('completes a leg whose BYE was missed while the link was down as the transfer it was', async () => {
    // ann's phone answers the caller's BYE of her leg 3 s after it came: the link is cut within that time
    const { s, relay, health, cut, reconnect, store } = await startStack(
      (runDir) => {
        const file = path.join(runDir, 'ann-phone.xml')
        writeFileSync(file, phoneScenario(3000))
        return file
      },
      { commandTimeoutMs: transferWaitMs },
    )
    try {
      await s.call([callerCall({ startMs: 0, holdMs: 60_000, ani: '+1212555300' })])
      const { call, transfer } = await transferAnnsCall(s)
      await callerByeAt(s, 'ann')
      await cut()
      await stillWaiting(transfer)
      await endedWhileDown(s, transfer)
      expect(s.bridge.calls().find((c) => c.interaction === call.interaction)?.state).toBe('talking')
      await reconnect()
      expect((await health()).body.reconciled).toMatchObject({ completed: 1, failures: 0 })
      // without the mark in `ended`, the reconciliation completed it plainly: `completed`, no transfer in `report`
      expect(await annHandling(s, store, call.interaction)).toMatchObject({
        endedBy: 'transferred',
        transferredTo: 'dan',
      })
    } finally {
      await relay.close()
    }
  })

  it("takes a refused REFER's mark back in Kamailio: the leg's end missed while the link was down is a plain complete", async () => {
    const { s, relay, health, cut, reconnect, store } = await startStack(undefined, {
      commandTimeoutMs: transferWaitMs,
    })
    try {
      // the caller's phone declines the REFER (603) and talks on; it hangs up 5 s after the answer (after the mark's
      // check below, which comes within a second or two of the transfer: the call's end would take the mark too).
      // The test waits out the transfer's 6 s anyway: 7 s waited 1 s more for nothing
      const callers = await s.call([
        callerCall({ startMs: 0, holdMs: 5000, ani: '+1212555310', referRefused: true }),
      ])
      // Kamailio's `refer-failed` lost (its events stop reaching the bridge): the bridge's wait runs to its timeout
      const { call, transfer } = await transferAnnsCall(s, () => relay.deafen())
      await declined(callers.messageFile)
      await cut()
      await stillWaiting(transfer)
      // taken back by Kamailio on the 603 (before, it stayed for the INVITE's lifetime: the bridge's take-back, sent
      // when its wait gives up, cannot pass the link)
      await waitFor(
        'the transfer mark taken back',
        async () => (await s.kamailioRpc.item('referred', `${call.callId}|1`)) === undefined,
        5000,
      )
      // by the 603, not by the call's end
      expect((await s.kamailioRpc.heldCalls()).size).toBe(1)
      await endedWhileDown(s, transfer)
      await reconnect()
      expect((await health()).body.reconciled).toMatchObject({ completed: 1, failures: 0 })
      expect(await annHandling(s, store, call.interaction)).toMatchObject({ endedBy: 'completed' })
    } finally {
      await relay.close()
    }
  })

  it("completes plainly a leg whose REFER was refused while Kamailio's events were lost, its transfer still waiting", async () => {
    // the transfer's wait outlives the outage: only Kamailio's `ended` item can say the REFER failed
    const { s, relay, health, cut, reconnect, store } = await startStack(undefined, {
      commandTimeoutMs: 300_000,
    })
    try {
      // the caller's phone declines the REFER (603), then hangs up 3.5 s after the answer (the REFER comes within a
      // second or two of it; 5 s waited 1.5 s more for nothing)
      const callers = await s.call([
        callerCall({ startMs: 0, holdMs: 3500, ani: '+1212555330', referRefused: true }),
      ])
      // Kamailio's events stop reaching the bridge (its `refer` still reaches Kamailio): `refer-failed` and `bye` lost
      const { call, transfer } = await transferAnnsCall(s, () => relay.deafen())
      await declined(callers.messageFile)
      await waitFor(
        'the call to end in Kamailio',
        async () => (await s.kamailioRpc.heldCalls()).size === 0,
        30_000,
      )
      expect(await Promise.race([transfer, Promise.resolve('still waiting')])).toBe('still waiting')
      await cut()
      await reconnect()
      expect((await health()).body.reconciled).toMatchObject({ completed: 1, failures: 0 })
      expect(await transfer).toBeUndefined()
      // before, the bridge's pending transfer named the leg's end: `transferred` to dan
      expect(await annHandling(s, store, call.interaction)).toMatchObject({ endedBy: 'completed' })
    } finally {
      await relay.close()
    }
  })
})
