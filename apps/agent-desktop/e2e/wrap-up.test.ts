// After-call work in real Chromium: a released call's wrap-up card (announced, focused, the dispositions a radio group
// worked by keyboard, Done disabled until one is picked, a failed Done said in the card), serve completing the call
// with the disposition picked (its view, and `routewright report --by disposition` over its history), and a wrap-up
// whose seconds run out (the wrap-ups' injected timers) completed with none, the desktop saying why.
// The harness wires the wrap-ups to its test calls itself (a released call only): the bridge's own wiring
// (BridgeOptions.wrapUp, call-ends.ts: a leg transferred away, the kept fields on the complete) is covered by
// packages/telephony/test/wrap-up*.test.ts, not here.
import { eventually } from '@routewright/node-support/testing'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routewrightInProcess } from '../../../packages/cli/test/in-process.ts'
import { type DesktopSession, startDesktop } from './harness.ts'

let session: DesktopSession
let page: Page

const WRAP_UP = {
  seconds: 120,
  dispositions: [
    { code: 'resolved', label: 'Resolved' },
    { code: 'callback', label: 'Callback needed' },
    { code: 'sale', label: 'Sale' },
  ],
}

beforeAll(async () => {
  session = await startDesktop({ wrapUp: WRAP_UP, history: true })
  page = session.page
  await page.goto(session.url)
  await page.getByLabel('Agent id').fill('ann')
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByTestId('stream-status').filter({ hasText: 'Connected' }).waitFor()
  await page.getByRole('button', { name: 'Ready', exact: true }).click()
  await page.getByRole('button', { name: 'Ready', exact: true, pressed: true }).waitFor()
})

afterAll(async () => {
  await session?.close()
})

const card = () => page.getByRole('form', { name: 'After-call work' })
const done = () => card().getByRole('button', { name: 'Done' })

/** A call to ann, answered, then released from the desktop: its wrap-up card is up. Returns when Release was pressed. */
async function talkAndRelease(id: string): Promise<number> {
  await session.placeCall({ id, ani: '+15551230001', dnis: '8000' })
  await page.getByTestId('call').waitFor()
  await session.answer(`sip-${id}`)
  await page.getByTestId('call-state').filter({ hasText: 'Talking' }).waitFor()
  const released = Date.now()
  await page.getByRole('button', { name: 'Release call' }).click()
  await card().waitFor()
  return released
}

async function serveState(): Promise<string> {
  const { body } = await session.routing.request('GET', '/v1/agents')
  return (body.agents as Array<{ id: string; state: string }>).find((a) => a.id === 'ann')!.state
}

describe('the wrap-up card', () => {
  it('is announced and focused, takes a disposition by keyboard, says a failed Done, and completes with it', async () => {
    const released = await talkAndRelease('call-1')
    // the call's end put ann in after-call work at serve, as her button does
    await eventually(async () => ((await serveState()) === 'after-call-work' ? true : undefined))
    await page.getByRole('status').filter({ hasText: 'Call ended: after-call work, 120 seconds' }).waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('After-call work')
    // the seconds count down from 120 in real time: at most those passed since Release are gone (no fixed floor such
    // as 110, which a loaded host's waits above can use up)
    const left = await card().getByRole('timer', { name: 'Wrap-up time left' }).textContent()
    expect(left).toMatch(/^\d+ s left$/)
    const gone = Math.ceil((Date.now() - released) / 1000)
    expect(Number.parseInt(left!, 10)).toBeGreaterThanOrEqual(WRAP_UP.seconds - gone)
    expect(Number.parseInt(left!, 10)).toBeLessThanOrEqual(WRAP_UP.seconds)
    expect(await done().isDisabled()).toBe(true)
    await session.screenshot('wrap-up-card')
    // the keyboard: Tab to the group, Space picks the first, the arrows move the pick
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space')
    await expect.poll(() => card().getByRole('radio', { name: 'Resolved' }).isChecked()).toBe(true)
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => card().getByRole('radio', { name: 'Callback needed' }).isChecked()).toBe(true)
    expect(await done().isDisabled()).toBe(false)
    // the bridge refuses once: the card says so and stays
    let refusals = 1
    await page.route(
      (url) => /^\/desktop\/api\/calls\/[^/]+\/wrap-up$/.test(url.pathname),
      async (route) => {
        if (refusals-- <= 0) return route.continue()
        await route.fulfill({
          status: 409,
          contentType: 'application/json',
          body: JSON.stringify({ error: 'the bridge is restarting' }),
        })
      },
    )
    await done().click()
    await card()
      .getByRole('alert')
      .filter({ hasText: 'Could not finish the wrap-up: the bridge is restarting' })
      .waitFor()
    await done().click()
    await card().waitFor({ state: 'detached' })
    // the focus that was on Done goes to the agent's state, not to the page's top
    await page.locator('#states-title:focus').waitFor()
    // serve: completed with the code (the bridge's complete may still be on its way as the card goes), ann ready again
    const view = await eventually(async () => {
      const read = await session.routing.request('GET', '/v1/interactions/call-1')
      return read.body.state === 'completed' ? read : undefined
    })
    expect([view.body.state, view.body.disposition]).toEqual(['completed', 'callback'])
    await eventually(async () => ((await serveState()) === 'ready' ? true : undefined))
    await page
      .getByTestId('media-voice-state')
      .filter({ hasText: /^Ready/ })
      .waitFor()
    // the history serve wrote: `routewright report --by disposition` lists the code
    const now = Date.now()
    const args = ['report', '--store', session.store!, '--from', new Date(now - 3_600_000).toISOString()]
    const report = () =>
      routewrightInProcess(
        [...args, '--to', new Date(now + 3_600_000).toISOString(), '--by', 'disposition', '--format', 'csv'],
        '/',
      )
    let last = { stdout: '', stderr: '' }
    await eventually(async () => {
      last = await report()
      return last.stdout.includes('callback,1,') ? true : undefined
    }, 15_000).catch(() => {})
    expect(last.stdout, last.stderr).toMatch(/^callback,1,/m)
    expect(session.pageErrors).toEqual([])
  })

  it('completes with no disposition when its seconds run out, and says why', async () => {
    await talkAndRelease('call-2')
    await eventually(async () => ((await serveState()) === 'after-call-work' ? true : undefined))
    session.expireWrapUps()
    await card().waitFor({ state: 'detached' })
    await page
      .getByTestId('wrap-up-notice')
      .filter({ hasText: 'Wrap-up time ran out: the call was completed with no disposition.' })
      .waitFor()
    // the bridge's complete may still be on its way as the card goes: wait on serve, whose effect is checked
    const view = await eventually(async () => {
      const read = await session.routing.request('GET', '/v1/interactions/call-2')
      return read.body.state === 'completed' ? read : undefined
    })
    expect(view.body.disposition).toBeUndefined()
    await eventually(async () => ((await serveState()) === 'ready' ? true : undefined))
    await session.screenshot('wrap-up-timed-out')
    expect(session.pageErrors).toEqual([])
  })
})
