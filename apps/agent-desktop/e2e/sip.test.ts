// The agent desktop on the real call path while sipp calls are in progress: Kamailio, the SIP bridge (B's
// startTelephonyStack) and routewright serve; the desktop is mounted on the bridge's HTTP side, as in production.
// A caller dials routing point 5000, the call pops on ann's desktop with what the strategy attached, ann
// blind-transfers it to bob (a REFER through Kamailio), then holds, retrieves (re-INVITEs to the caller) and releases
// a second call (a BYE from the bridge).
import { type TelephonyStack, waitFor } from '@routewright/telephony'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SipDesktop, startSipDesktop } from './harness.ts'

let desk: SipDesktop | undefined
let stack: TelephonyStack
let page: Page
let pageErrors: string[]

beforeAll(async () => {
  desk = await startSipDesktop('rw-desktop-sip-', {
    // ann's phone rings 2.5 s before it answers, so the desktop shows the call ringing first
    agents: [
      { id: 'ann', ringMs: 2500 },
      { id: 'bob', ringMs: 300 },
    ],
    ready: false,
  })
  ;({ stack, page, pageErrors } = desk)
}, 120_000)

afterAll(() => desk?.close())

async function agentState(agent: string): Promise<string | undefined> {
  const answer = await stack.router.call('GET', '/v1/agents')
  return (answer.body.agents as Array<{ id: string; state: string }>).find((a) => a.id === agent)?.state
}

const caller = (ani: string) => ({ dnis: '5000', ani, patienceMs: 60_000, holdMs: 60_000, startMs: 0 })

describe('the desktop with real SIP calls', () => {
  it('logs ann in and makes them ready in the router', async () => {
    await page.goto(`${stack.bridgeUrl}/desktop/`)
    await page.getByLabel('Agent id').fill('ann')
    await page.keyboard.press('Enter')
    await page.getByTestId('stream-status').filter({ hasText: 'Connected' }).waitFor()
    await page.getByRole('button', { name: 'Ready', exact: true }).click()
    await waitFor('ann ready', async () => ((await agentState('ann')) === 'ready' ? true : undefined), 10_000)
  })

  it('pops a sipp call with the attached data, ringing then talking, and transfers it to bob', async () => {
    const card = page.getByTestId('call')
    // ringing for ann's 2.5 s only: watched for from the call on, not read after the card's wait and two reads (a
    // loaded host read it once the phone had answered)
    const ringing = card.getByTestId('call-state').filter({ hasText: 'Ringing' }).waitFor({ timeout: 30_000 })
    await Promise.all([ringing, stack.call([caller('+12125550100')], 'transfer-caller')])
    expect(await card.getByTestId('call-ani').textContent()).toBe('+12125550100')
    expect(await card.getByTestId('call-dnis').textContent()).toBe('5000')
    // the virtual queue (the strategy's target node) and the group the router picked ann from
    expect(await card.getByTestId('call-queue').textContent()).toMatch(
      /^support · group:(support_en|vip_team)$/,
    )
    const attached = card.getByTestId('call-attached')
    await attached.getByText('CallerNumber').waitFor()
    expect(await attached.locator('dt').allTextContents()).toEqual(
      expect.arrayContaining(['Line', 'CallerNumber']),
    )
    expect(await attached.locator('dd').allTextContents()).toEqual(
      expect.arrayContaining(['support', '+12125550100']),
    )
    await card.getByTestId('call-state').filter({ hasText: 'Talking' }).waitFor({ timeout: 20_000 })
    // bob becomes ready (from their own phone system, here the router API) and takes the transfer
    const ready = await stack.router.call('PUT', '/v1/agents/bob/state', { state: 'ready' })
    expect(ready.status).toBe(200)
    await page.getByLabel('Transfer to').fill('bob')
    await page.keyboard.press('Enter')
    await page.getByText('No call right now').waitFor({ timeout: 30_000 })
    const moved = await waitFor(
      'the call talking with bob',
      () =>
        stack.bridge
          .calls()
          .find((c) => c.ani === '+12125550100' && c.agent === 'bob' && c.state === 'talking'),
      30_000,
    )
    expect(moved.attached).toMatchObject({ Line: 'support' })
  })

  it('releases a second call from the desktop: the SIP dialog ends and the router completes it', async () => {
    await waitFor(
      'ann ready again',
      async () => ((await agentState('ann')) === 'ready' ? true : undefined),
      20_000,
    )
    await stack.call([caller('+12125550101')], 'release-caller')
    const card = page.getByTestId('call')
    await card.getByTestId('call-ani').filter({ hasText: '+12125550101' }).waitFor({ timeout: 30_000 })
    await card.getByTestId('call-state').filter({ hasText: 'Talking' }).waitFor({ timeout: 20_000 })
    const callId = stack.bridge.calls().find((c) => c.ani === '+12125550101')!.callId
    // hold and retrieve: re-INVITEs to the sipp caller through Kamailio, answered and ACKed
    await page.getByRole('button', { name: 'Hold', exact: true }).click()
    await card.getByTestId('call-state').filter({ hasText: 'On hold' }).waitFor({ timeout: 20_000 })
    expect(await card.getByTestId('call-hold-timer').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Retrieve', exact: true }).click()
    await card.getByTestId('call-state').filter({ hasText: 'Talking' }).waitFor({ timeout: 20_000 })
    expect(stack.bridge.calls().find((c) => c.callId === callId)).toMatchObject({ held: false })
    await page.getByRole('button', { name: 'Release call' }).click()
    await page.getByText('No call right now').waitFor({ timeout: 30_000 })
    const ended = await waitFor(
      'the released call ended',
      () => stack.bridge.calls().find((c) => c.callId === callId && c.state === 'ended'),
      20_000,
    )
    const interaction = await stack.router.call(
      'GET',
      `/v1/interactions/${encodeURIComponent(ended.interaction)}`,
    )
    expect(interaction.body.state).toBe('completed')
    expect(pageErrors).toEqual([])
  })
})
