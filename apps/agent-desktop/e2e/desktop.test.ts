// The agent desktop in real Chromium against a real routewright serve: login, state changes seen in serve's
// /v1/agents, a routed call popping with its attached data and CRM result, release and transfer through
// CallControl, keyboard use and no serious axe-core violation.
import { createRequire } from 'node:module'
import { eventually } from '@routewright/node-support/testing'
import type { Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DesktopSession, startDesktop } from './harness.ts'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

let session: DesktopSession
let page: Page

beforeAll(async () => {
  session = await startDesktop()
  page = session.page
})

afterAll(async () => {
  await session?.close()
})

async function seriousViolations(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE })
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            d: unknown,
          ): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }>
        }
      }
    ).axe
    const { violations } = await axe.run(document)
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id} (${v.nodes.length})`)
  })
}

/** The name/value pairs of one list of the screen pop. */
async function pairs(testId: string): Promise<string[][]> {
  const list = page.getByTestId('call').getByTestId(testId)
  const names = await list.locator('dt').allTextContents()
  const values = await list.locator('dd').allTextContents()
  return names.map((name, i) => [name, values[i]!])
}

async function routerState(agent: string): Promise<string> {
  const { body } = await session.routing.request('GET', '/v1/agents')
  return body.agents.find((a: { id: string }) => a.id === agent).state
}

async function routerStateBecomes(agent: string, state: string): Promise<void> {
  await eventually(async () => ((await routerState(agent)) === state ? true : undefined))
}

describe('login', () => {
  it('refuses an agent the directory does not know, then logs ann in as not ready', async () => {
    await page.goto(session.url)
    const field = page.getByLabel('Agent id')
    await field.waitFor()
    expect(await seriousViolations()).toEqual([])
    await field.fill('zed')
    await page.keyboard.press('Enter')
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Agent "zed" is not in the directory')
    await field.fill('ann')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByTestId('agent-id').filter({ hasText: 'ann' }).waitFor()
    await expect(page.getByTestId('media-voice-state').textContent()).resolves.toBe('Not ready')
    expect(await routerState('ann')).toBe('not-ready')
    await page.getByTestId('stream-status').filter({ hasText: 'Connected' }).waitFor()
    // from the keyboard: the focus left with the login form goes to the state, one Tab from Ready
    await page.keyboard.press('Tab')
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Ready')
  })

  it('keeps the session across a reload (HttpOnly cookie)', async () => {
    await page.reload()
    await page.getByTestId('agent-id').filter({ hasText: 'ann' }).waitFor()
    expect(await page.getByText('No call right now').isVisible()).toBe(true)
  })
})

describe('state per media', () => {
  it('goes ready, not ready with a reason and after-call work from the keyboard, and serve follows', async () => {
    const ready = page.getByRole('button', { name: 'Ready', exact: true })
    await ready.focus()
    await page.keyboard.press('Enter')
    await routerStateBecomes('ann', 'ready')
    // serve answers before the page shows it: wait for the pressed button rather than read it once
    await page.getByRole('button', { name: 'Ready', exact: true, pressed: true }).waitFor()
    // the button keeps the keyboard focus while serve answers (a disabled one would drop it to the page)
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Ready')
    const reason = page.getByLabel('Not ready reason')
    await reason.selectOption('Lunch')
    await reason.focus()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await routerStateBecomes('ann', 'not-ready')
    await page.getByTestId('media-voice-reason').filter({ hasText: 'Lunch' }).waitFor()
    await page.getByRole('button', { name: 'After-call work' }).click()
    await routerStateBecomes('ann', 'after-call-work')
    await page.getByTestId('media-voice-state').filter({ hasText: 'After-call work' }).waitFor()
    await ready.click()
    await routerStateBecomes('ann', 'ready')
  })
})

describe('screen pop and call controls', () => {
  it('pops a call routed to ann with ANI, DNIS, the attached data and the CRM result, ringing then talking', async () => {
    await session.placeCall({ id: 'call-1', ani: '+15551230001', dnis: '8000', data: { account: 'A-17' } })
    const card = page.getByTestId('call')
    await card.waitFor()
    expect(await card.getByTestId('call-ani').textContent()).toBe('+15551230001')
    expect(await card.getByTestId('call-dnis').textContent()).toBe('8000')
    expect(await card.getByTestId('call-state').textContent()).toBe('Ringing')
    // the host function's CRM result (crm_ keys) apart from the rest of the attached data, sorted by name
    expect(await pairs('call-crm')).toEqual([
      ['name', 'Dana Reyes'],
      ['tier', 'gold'],
    ])
    expect(await pairs('call-attached')).toEqual([
      ['account', 'A-17'],
      ['Segment', 'Priority'],
    ])
    // the call card's transfer box has a status region of its own (its search's outcome), empty until it searches
    expect(await page.getByRole('status').allTextContents()).toEqual(['', 'Incoming call from +15551230001'])
    expect(await page.getByRole('button', { name: 'Release call' }).isDisabled()).toBe(true)
    expect(await card.getByTestId('call-hint').isVisible()).toBe(true)
    const answering = Date.now()
    await session.answer('sip-call-1')
    await card.getByTestId('call-state').filter({ hasText: 'Talking' }).waitFor()
    // the timer counts from the answer: at most the seconds since (no fixed 00:0x, which a loaded host read past)
    const timer = (await card.getByTestId('call-timer').textContent()) ?? ''
    expect(timer).toMatch(/^\d\d:\d\d$/)
    const [minutes, seconds] = timer.split(':').map(Number) as [number, number]
    expect(minutes * 60 + seconds).toBeLessThanOrEqual(Math.ceil((Date.now() - answering) / 1000))
    // the router counts the confirmed call as ann's voice load (her state stays ready: capacity is per media)
    const { body } = await session.routing.request('GET', '/v1/agents')
    expect(body.agents.find((a: { id: string }) => a.id === 'ann').load).toEqual({ voice: 1 })
    expect(await seriousViolations()).toEqual([])
    await session.screenshot('screen-pop')
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await seriousViolations()).toEqual([])
    await session.screenshot('screen-pop-dark')
    await page.emulateMedia({ colorScheme: 'light' })
  })

  it('releases the call through CallControl and the screen clears', async () => {
    await page.getByRole('button', { name: 'Release call' }).click()
    await page.getByText('No call right now').waitFor()
    // the card took the focus along: it goes to the agent's state (after-call work, ready), not the page's top
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('states-title')
    expect(session.calls.actions).toEqual([{ action: 'release', callId: 'sip-call-1' }])
  })

  it('blind-transfers to another agent by keyboard, and refuses a target that is neither', async () => {
    await routerStateBecomes('ann', 'ready')
    await session.placeCall({ id: 'call-2', ani: '+15551230002', dnis: '8000' })
    await page.getByTestId('call').waitFor()
    await session.answer('sip-call-2')
    const target = page.getByLabel('Transfer to')
    const suggested = page.getByRole('listbox', { name: 'Suggested agents' }).getByRole('option')
    await target.fill('sales desk')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('call').getByRole('alert').textContent()).resolves.toContain(
      'neither a routing point number',
    )
    // a search finding nobody says so, and what Transfer would do instead
    await target.fill('zed')
    await page.getByTestId('transfer-note').getByText('No agent id holds "zed"').waitFor()
    expect(await suggested.count()).toBe(0)
    // the note grows the box below the field: Transfer stays level with the field, not centred on field and note
    const top = async (name: 'field' | 'button') =>
      (await (name === 'field'
        ? target
        : page.getByRole('button', { name: 'Transfer', exact: true })
      ).boundingBox())!.y
    expect(Math.abs((await top('button')) - (await top('field')))).toBeLessThanOrEqual(2)
    // sent anyway: the bridge's refusal says the caller is still there, and the text stays to be corrected
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('call').getByRole('alert').textContent()).resolves.toBe(
      'Transfer to zed failed: agent "zed" is not in the directory; the caller is still with you. Check the id, or pick an agent who is ready, or a routing point to queue the call',
    )
    await expect(target.inputValue()).resolves.toBe('zed')
    // part of the id, any case: bob offered with his state (never ann herself), picked with the arrow keys and Enter
    await target.fill('BO')
    const bob = suggested.filter({ hasText: /^bob/ })
    await bob.waitFor()
    expect(await suggested.allTextContents()).toEqual([
      expect.stringMatching(/^bob(Ready|Not ready|Logged out|After-call work|Busy)$/),
    ])
    await page.keyboard.press('ArrowDown')
    await expect(bob.getAttribute('aria-selected')).resolves.toBe('true')
    await page.keyboard.press('Enter')
    await expect(target.inputValue()).resolves.toBe('bob')
    expect(await suggested.count()).toBe(0)
    expect(await seriousViolations()).toEqual([])
    // the card goes with the call and the desktop says where it went, for 5 s: watched for from the transfer on, as a
    // wait for the empty list first could outlast those 5 s on a loaded host (the notice gone, its wait timed out)
    const said = page.getByTestId('transfer-done').filter({ hasText: 'Transferred to bob' })
    await Promise.all([said.waitFor(), page.keyboard.press('Enter')])
    await page.getByText('No call right now').waitFor()
    expect(session.calls.actions.at(-1)).toEqual({ action: 'transfer', callId: 'sip-call-2', to: 'bob' })
  })

  it('blind-transfers to a routing point', async () => {
    await routerStateBecomes('ann', 'ready')
    await session.placeCall({ id: 'call-3', ani: '+15551230003', dnis: '8000' })
    await page.getByTestId('call').waitFor()
    await session.answer('sip-call-3')
    // Hold and Retrieve from the keyboard: the one button keeps the focus through the request and its new label
    const focused = () => page.evaluate(() => document.activeElement?.textContent)
    await page.getByRole('button', { name: 'Hold', exact: true }).focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('call-state').filter({ hasText: 'On hold' }).waitFor()
    await page.getByRole('button', { name: 'Retrieve', exact: true }).waitFor()
    await expect(focused()).resolves.toBe('Retrieve')
    await page.keyboard.press('Enter')
    await page.getByTestId('call-state').filter({ hasText: 'Talking' }).waitFor()
    await page.getByRole('button', { name: 'Hold', exact: true }).waitFor()
    await expect(focused()).resolves.toBe('Hold')
    // beside Talking, the hold timer says the time the call was on hold, not that it is
    const holdHead = page.getByTestId('call-hold-timer').locator('xpath=preceding-sibling::dt')
    await expect(holdHead.textContent()).resolves.toBe('Was on hold')
    await page.getByLabel('Transfer to').fill('7000')
    await page.getByRole('button', { name: 'Transfer', exact: true }).click()
    await page.getByText('No call right now').waitFor()
    expect(session.calls.actions.at(-1)).toEqual({ action: 'transfer', callId: 'sip-call-3', to: '7000' })
  })
})

describe('a state the router set, with why', () => {
  it('shows the ring-no-answer that made ann not ready, and ann goes ready again', async () => {
    await routerStateBecomes('ann', 'ready')
    await session.placeCall({ id: 'call-4', ani: '+15551230004', dnis: '8000' })
    await page.getByTestId('call').waitFor()
    await session.ringNoAnswer('sip-call-4')
    await page.getByText('No call right now').waitFor()
    await page
      .getByTestId('media-voice-reason')
      .filter({ hasText: /^No answer to a call at \d\d:\d\d$/ })
      .waitFor()
    expect(await page.getByTestId('media-voice-state').textContent()).toBe('Not ready')
    expect(await routerState('ann')).toBe('not-ready')
    // serve's word, which the desktop follows on each poll, says the same: a ring-out, not a decline
    const { body } = await session.routing.request('GET', '/v1/agents')
    expect(body.agents.find((a: { id: string }) => a.id === 'ann').reason).toBe('no-answer')
    // the caller gives up meanwhile, so going ready does not ring ann again
    await session.routing.request('POST', '/v1/interactions/call-4/abandon', {})
    await page.getByRole('button', { name: 'Ready', exact: true }).click()
    await routerStateBecomes('ann', 'ready')
    // whole text: a string would match "Not ready" too (case-insensitive substring), so the wait passed at once
    await page
      .getByTestId('media-voice-state')
      .filter({ hasText: /^Ready$/ })
      .waitFor()
    expect(await page.getByTestId('media-voice-reason').count()).toBe(0)
  })
})

describe('logout', () => {
  const REPLACED = 'You were signed out: a newer login replaced this session.'

  /** A tab logs bob in with the browser's cookie: the browser keeps only bob's new one. */
  async function logsBobInFrom(tab: Page): Promise<void> {
    const status = await tab.evaluate(async () => {
      const answer = await fetch('api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agent: 'bob' }),
      })
      return answer.status
    })
    expect(status).toBe(200)
  }

  /** The first page logs ann in again once the other tab is closed. */
  async function logsAnnInAgain(): Promise<void> {
    await page.getByLabel('Agent id').fill('ann')
    await page.keyboard.press('Enter')
    await page.getByTestId('stream-status').filter({ hasText: 'Connected' }).waitFor()
  }

  it('shows the login when the session ends in another tab', async () => {
    const other = await session.context.newPage()
    await other.goto(session.url)
    await other.getByTestId('agent-id').filter({ hasText: 'ann' }).waitFor()
    await other.getByRole('button', { name: 'Log out' }).click()
    await other.getByLabel('Agent id').waitFor()
    // the bridge ended this tab's stream with the session, saying why
    await page.getByTestId('session-ended').filter({ hasText: 'You logged out in this browser.' }).waitFor()
    await other.close()
    await logsAnnInAgain()
  })

  it('says so when a newer login in this browser replaced the session, and logs in again', async () => {
    const other = await session.context.newPage()
    await other.goto(session.url)
    await other.getByTestId('agent-id').filter({ hasText: 'ann' }).waitFor()
    // its stream open as ann's first: a login replacing the session before it opens finds that tab on bob's cookie
    await other.getByTestId('stream-status').filter({ hasText: 'Connected' }).waitFor()
    await logsBobInFrom(other)
    await page.getByTestId('session-ended').filter({ hasText: REPLACED }).waitFor()
    await other.getByTestId('session-ended').filter({ hasText: REPLACED }).waitFor()
    await other.close()
    await logsAnnInAgain()
    expect(await page.getByTestId('session-ended').count()).toBe(0)
  })

  it('says so in a tab whose stream opens only after a newer login replaced the session, showing none of it', async () => {
    const other = await session.context.newPage()
    // that tab's stream held (a tab still loading, or reconnecting after a blip) until bob's login took the cookie
    const held: Route[] = []
    let released = false
    await other.route('**/api/events*', (route) => {
      if (released) void route.continue()
      else held.push(route)
    })
    await other.goto(session.url)
    await other.getByTestId('agent-id').filter({ hasText: 'ann' }).waitFor()
    await eventually(() => held.length > 0)
    await logsBobInFrom(page)
    await page.getByTestId('session-ended').filter({ hasText: REPLACED }).waitFor()
    released = true
    for (const route of held.splice(0)) await route.continue()
    // before, it streamed bob's calls and states under ann's name, and its call controls acted as bob
    await other.getByTestId('session-ended').filter({ hasText: REPLACED }).waitFor()
    expect(await other.getByTestId('agent-id').count()).toBe(0)
    await other.close()
    await logsAnnInAgain()
  })

  it("refuses a tab's change for its session a newer login replaced before the tab heard, and says so there", async () => {
    const other = await session.context.newPage()
    // that tab's stream held (reconnecting after a blip): the notice of bob's login does not reach it first
    const held: Route[] = []
    await other.route('**/api/events*', (route) => void held.push(route))
    await other.goto(session.url)
    await other.getByTestId('agent-id').filter({ hasText: 'ann' }).waitFor()
    await eventually(() => held.length > 0)
    await logsBobInFrom(page)
    await page.getByTestId('session-ended').filter({ hasText: REPLACED }).waitFor()
    expect(await routerState('bob')).toBe('not-ready')
    // ann's tab clicks Ready with bob's cookie: before, bob went ready
    await other.getByRole('button', { name: 'Ready', exact: true }).click()
    await other.getByTestId('session-ended').filter({ hasText: REPLACED }).waitFor()
    expect(await other.getByTestId('agent-id').count()).toBe(0)
    expect(await routerState('bob')).toBe('not-ready')
    await other.unrouteAll({ behavior: 'ignoreErrors' })
    await other.close()
    await logsAnnInAgain()
  })

  it('logs out to logged-out in serve and shows the login again', async () => {
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByLabel('Agent id').waitFor()
    expect(await routerState('ann')).toBe('logged-out')
    expect(session.pageErrors).toEqual([])
  })
})

describe('a login that signs another agent out of this browser', () => {
  /** Logs `agent` in with the browser's cookie from the page, as another tab or an earlier visit left it. */
  async function loginFromPage(agent: string, state?: string): Promise<void> {
    const statuses = await page.evaluate(
      async ({ agent, state }) => {
        const headers = { 'content-type': 'application/json' }
        const login = await fetch('api/login', { method: 'POST', headers, body: JSON.stringify({ agent }) })
        if (state === undefined) return [login.status]
        const set = await fetch('api/state', {
          method: 'PUT',
          headers,
          body: JSON.stringify({ media: 'voice', state }),
        })
        return [login.status, set.status]
      },
      { agent, state },
    )
    expect(statuses.every((status) => status === 200)).toBe(true)
  }

  /** The notice of the other agent signed out, once shown; Dismiss takes it away. */
  const signedOutNotice = () => page.getByTestId('signed-out-notice')

  // before, the login answer's signedOut reached the page and was shown nowhere: bob never knew ann was signed out
  it("tells bob that ann, busy on a call, is logged out after it; ann's call stays up; Dismiss hides it", async () => {
    await page.getByLabel('Agent id').waitFor()
    // the call transferred to bob above rings him still (the test calls ring until told): it ends, so bob, signed out
    // by ann's login while it rang, is logged out at serve and starts afresh
    session.calls.offer({ callId: 'sip-call-2', state: 'ended' })
    await routerStateBecomes('bob', 'logged-out')
    await loginFromPage('ann', 'ready')
    await session.placeCall({ id: 'call-5', ani: '+15551230005', dnis: '8000' })
    await eventually(() => session.calls.calls().find((c) => c.callId === 'sip-call-5' && c.agent === 'ann'))
    await session.answer('sip-call-5')
    await page.getByLabel('Agent id').fill('bob')
    await page.keyboard.press('Enter')
    await page.getByTestId('agent-id').filter({ hasText: 'bob' }).waitFor()
    await signedOutNotice()
      .filter({
        hasText: "Signed out ann's session on this phone; they were busy: logged out after their call.",
      })
      .waitFor()
    expect(await routerState('ann')).toBe('not-ready')
    expect(session.calls.actions.filter((a) => a.callId === 'sip-call-5')).toEqual([])
    session.calls.offer({ callId: 'sip-call-5', state: 'ended' })
    await routerStateBecomes('ann', 'logged-out')
    await signedOutNotice().getByRole('button', { name: 'Dismiss' }).click()
    expect(await signedOutNotice().count()).toBe(0)
  })

  it('tells bob that ann, idle, is logged out now', async () => {
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByLabel('Agent id').waitFor()
    await loginFromPage('ann')
    await page.getByLabel('Agent id').fill('bob')
    await page.keyboard.press('Enter')
    await signedOutNotice()
      .filter({ hasText: "Signed out ann's session on this phone: they are logged out." })
      .waitFor()
    expect(await routerState('ann')).toBe('logged-out')
    expect(await seriousViolations()).toEqual([])
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByLabel('Agent id').waitFor()
    expect(session.pageErrors).toEqual([])
  })
})
