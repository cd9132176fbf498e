// The desktop follows its agent's call to a bridge left: two bridges on one Kamailio and serve, each with the desktop
// on its HTTP side. ann's desktop is on bridge b, whose caller talks with her; b stops, and the desktop (its stream
// and its session read both unanswered) opens bridge a's desktop, logs ann in there and says it moved. a takes ann's
// call over from Kamailio: the card is back, and Hold, Retrieve and Release work on it through a.
import type { AddedBridge, TelephonyStack } from '@routewright/telephony'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agentCallOnB, releaseAllAtA, stopBridge } from '../../../packages/telephony/test/two-bridges.ts'
import { type SipDesktop, startSipDesktop } from './harness.ts'

let desk: SipDesktop | undefined
let stack: TelephonyStack
let linkB: AddedBridge
let page: Page
let pageErrors: string[]

beforeAll(async () => {
  desk = await startSipDesktop('rw-desktop-move-', {
    bridgeId: 'a',
    agents: [
      { id: 'ann', ringMs: 300 },
      { id: 'bob', ringMs: 300 },
    ],
    ready: false,
  })
  ;({ stack, page, pageErrors } = desk)
  linkB = await stack.addBridge('b', { http: true })
}, 120_000)

afterAll(() => desk?.close())

/** What Chromium logs of a bridge that went away: refused connections, its event stream cut mid-chunk. */
const B_GONE = /net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE|INCOMPLETE_CHUNKED_ENCODING)$/

async function routerAgent(agent: string) {
  const answer = await stack.router.call('GET', '/v1/agents')
  return (answer.body.agents as Array<{ id: string; state: string }>).find((a) => a.id === agent)
}

describe("the desktop moves to a bridge left with its agent's call", () => {
  it("shows the notice and ann's call at a once b stops, and holds, retrieves and releases it there", async () => {
    const two = { s: stack, a: stack.bridge, b: linkB.bridge, linkB }
    const aDesktop = `${stack.bridgeUrl}/desktop/`
    const { callers, own, annCall } = await agentCallOnB(two, 'talking', {
      ani: '+12125550130',
      holdMs: 60_000,
    })
    await page.goto(`${linkB.url}/desktop/`)
    await page.getByLabel('Agent id').fill('ann')
    await page.keyboard.press('Enter')
    const card = page.getByTestId('call')
    await card.getByTestId('call-state').filter({ hasText: 'Talking' }).waitFor()
    const before = await routerAgent('ann')
    await stopBridge(stack, linkB)
    // the desktop finds b gone and opens a's, which logs ann in and takes her call over
    await page.waitForURL((url) => url.href === aDesktop, { timeout: 20_000 })
    await expect
      .poll(() => page.getByTestId('moved-notice').textContent())
      .toMatch(
        /^Bridge b stopped answering: this desktop moved to bridge a\. Your state and your calls are as they were\./,
      )
    expect(await page.getByTestId('agent-id').textContent()).toBe('ann')
    await card.getByTestId('call-ani').filter({ hasText: '+12125550130' }).waitFor()
    expect(await card.getByTestId('call-state').textContent()).toBe('Talking')
    expect(await routerAgent('ann')).toEqual(before)
    await page.getByRole('button', { name: 'Hold', exact: true }).click()
    await card.getByTestId('call-state').filter({ hasText: 'On hold' }).waitFor({ timeout: 20_000 })
    await page.getByRole('button', { name: 'Retrieve', exact: true }).click()
    await card.getByTestId('call-state').filter({ hasText: 'Talking' }).waitFor({ timeout: 20_000 })
    await page.getByRole('button', { name: 'Release call' }).click()
    await page.getByText('No call right now').waitFor({ timeout: 30_000 })
    await releaseAllAtA(two, callers, [own], [annCall.interaction])
    expect(stack.bridge.figures()).toMatchObject({ takenTalking: 1 })
    // b's unanswered requests and its cut stream are Chromium's console errors while it was gone; nothing else failed
    expect(pageErrors.filter((e) => !B_GONE.test(e))).toEqual([])
  })
})
