// Release (the desktop's hang-up): Kamailio sends a BYE to each side, and the agent is free only once the agent's
// phone answered its BYE, or once Kamailio gave that BYE up (tm's fr_timer, 5 s; FR_TIMER_MS here) when the phone
// never answers.
// Before, the agent counted as free as soon as both BYEs were sent: the next call could ring a phone still holding
// the last one, and the give-up was a path no test took. Kamailio's word of that BYE (agent-bye) lost on the way
// frees the agent a second after the give-up time, not never.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { KAMAILIO_CONFIG, startTelephonyStack, type TelephonyStack, waitFor } from '../src/index.ts'
import { phoneWithInvites } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'
import { routerAgent } from './router-agents.ts'
import { phoneScenario } from './scripted-agent.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

// Kamailio's give-up of a BYE (tm's fr_timer) and so the bridge's byeGiveUpMs: 2 s, not 5, for less waiting; its BYE
// still goes out again twice (0.5 s, 1.5 s) before it
const FR_TIMER_MS = 2000

/** ann alone, her phone answering a BYE as `scenario` says; `config` edits Kamailio's config first. */
async function annWithPhone(scenario: string, config?: (text: string) => string): Promise<TelephonyStack> {
  const runDir = keep.runDir()
  const file = path.join(runDir, 'ann-phone.xml')
  writeFileSync(file, scenario)
  let kamailioConfig: string | undefined
  if (config) {
    kamailioConfig = path.join(runDir, 'kamailio.template.cfg')
    writeFileSync(kamailioConfig, config(readFileSync(KAMAILIO_CONFIG, 'utf8')))
  }
  return startTelephonyStack({
    agents: [{ id: 'ann', ringMs: 100, scenario: file }],
    runDir,
    frTimerMs: FR_TIMER_MS,
    ...(kamailioConfig ? { kamailioConfig } : {}),
  })
}

const call = (over: Parameters<typeof callerCall>[0]) => callerCall({ holdMs: 60_000, ...over })

const talking = (s: TelephonyStack) =>
  waitFor('a call to be talking', () => s.bridge.calls().find((c) => c.state === 'talking'), 15_000)

/** Calls the router counts ann on (her voice load): 0 once she is free. */
const annCalls = async (s: TelephonyStack) => {
  return (await routerAgent(s, 'ann'))?.load.voice ?? 0
}

describe('releasing a call', () => {
  it("rings ann's phone with the queued call only after it answered the release's BYE", async () => {
    // the phone answers a BYE 300 ms after it came: long enough for a call routed at the BYEs' sending to reach it
    const stack = keep(await annWithPhone(phoneScenario(300)))
    const s = stack
    const callers = await stack.call([call({ startMs: 0 }), call({ startMs: 100, holdMs: 300 })])
    const first = await talking(s)
    await waitFor(
      'the second call to queue',
      () => s.bridge.calls().some((c) => c.state === 'queued'),
      10_000,
    )

    await stack.bridge.release(first.callId)
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('both calls to end', () => s.bridge.figures().open === 0, 10_000)
    expect(stack.bridge.figures()).toMatchObject({
      offered: 2,
      answered: 2,
      overlaps: 0,
      releaseByesGivenUp: 0,
    })
    // the phone's sipp still runs: whole messages only, once both calls' INVITEs are in
    const log = await phoneWithInvites(stack.phones[0]!.messageFile, 2)
    expect(log.invites).toHaveLength(2)
    expect(log.maxConcurrent).toBe(1)
  })

  it("frees ann when Kamailio gives up the release's BYE her phone never answers, and says so", async () => {
    const stack = keep(await annWithPhone(phoneScenario('never')))
    const s = stack
    const callers = await stack.call([call({ startMs: 0 })])
    const first = await talking(s)
    const bridgeLog = () => readFileSync(path.join(s.runDir, 'bridge.log'), 'utf8')

    // when the call ended and what the bridge had counted then: read at the change itself, not by a later look that
    // a loaded machine can make after the 2 s give-up (stop 64's CI saw 'ended' once the caller's sipp had exited)
    const started = Date.now()
    let ended: { afterMs: number; givenUp: number } | undefined
    const stopListening = stack.bridge.onCall((c) => {
      if (c.state === 'ended' && !ended) {
        ended = { afterMs: Date.now() - started, givenUp: stack.bridge.figures().releaseByesGivenUp }
      }
    })
    const releasing = stack.bridge.release(first.callId)
    await waitFor('Kamailio to send the BYEs', () => bridgeLog().includes('"event":"released"'), 10_000)
    // both BYEs are out: ann's phone still holds the call, so the router still counts her on it (unless a loaded
    // machine let the give-up come first, which the end's own record below still tells apart)
    const loadWhileHeld = await annCalls(s)
    if (!ended) expect(loadWhileHeld).toBe(1)
    expect(await callers.exited, callers.tail()).toBe(0)

    await releasing
    // the give-up is tm's fr_timer after the BYE left (0.5 s for its timer's ticks); its resends went unanswered too
    expect(Date.now() - started).toBeGreaterThanOrEqual(FR_TIMER_MS - 500)
    expect(stack.bridge.figures()).toMatchObject({ answered: 1, open: 0, releaseByesGivenUp: 1 })
    // the call ended by the give-up, never earlier: the BYEs' sending or the caller's answer did not end it
    stopListening()
    expect(ended?.givenUp).toBe(1)
    expect(ended!.afterMs).toBeGreaterThanOrEqual(FR_TIMER_MS - 500)
    // the bridge's log file is written behind: its lines come a moment later
    await waitFor('the give-up in the log', () => bridgeLog().includes('never answered its BYE'), 5000)
    expect(bridgeLog()).toMatch(/"event":"agent-bye".*"code":408,"answered":false/)
    await waitFor('ann to be free', async () => (await annCalls(s)) === 0, 10_000)
  })

  it("frees ann a second after Kamailio's give-up time when its word of her BYE is lost, and says so", async () => {
    // a Kamailio whose agent-bye events never reach the bridge (as if lost between them); her phone answers at once
    const stack = keep(
      await annWithPhone(phoneScenario(0), (text) => {
        const relay = /evapi_unicast\("\{\\"event\\":\\"agent-bye\\"[^\n]*\n/g
        // both: the phone's answer and Kamailio's give-up
        expect(text.match(relay)).toHaveLength(2)
        return text.replace(relay, '$var(lost) = 1;\n')
      }),
    )
    const s = stack
    const callers = await stack.call([call({ startMs: 0 })])
    const first = await talking(s)
    const bridgeLog = () => readFileSync(path.join(s.runDir, 'bridge.log'), 'utf8')

    const started = Date.now()
    await stack.bridge.release(first.callId)
    // not the release's 15 s timeout (and before, the call stayed connected and ann busy after it): fr_timer + 1 s
    const took = Date.now() - started
    expect(took).toBeGreaterThanOrEqual(FR_TIMER_MS + 1000)
    expect(took).toBeLessThan(12_000)
    expect(await callers.exited, callers.tail()).toBe(0)
    expect(stack.bridge.figures()).toMatchObject({
      answered: 1,
      open: 0,
      releaseByesGivenUp: 0,
      releaseByesUnheard: 1,
    })
    await waitFor('ann to be free', async () => (await annCalls(s)) === 0, 10_000)
    await waitFor('the bridge to say why', () => bridgeLog().includes('no word of the agent'), 5000)
  })
})
