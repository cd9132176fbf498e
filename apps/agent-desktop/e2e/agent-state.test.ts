// The agent desktop in real Chromium shows a state another host set for its agent as serve streams it (an
// `agent-state` event), without a reload and without waiting for its poll of serve's agents (set beyond the test here).
import { eventually } from '@routewright/node-support/testing'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DesktopSession, startDesktop } from './harness.ts'

let session: DesktopSession
let page: Page

beforeAll(async () => {
  // no poll within the test: what the page shows came from serve's stream
  session = await startDesktop({ syncMs: 600_000 })
  page = session.page
})

afterAll(async () => {
  await session?.close()
})

/** Another host (a second platform, a supervisor's tool) sets ann's state in serve. */
async function setElsewhere(body: Record<string, string>): Promise<void> {
  const answer = await session.routing.request('PUT', '/v1/agents/ann/state', body)
  expect(answer.status).toBe(200)
}

describe('a state set elsewhere', () => {
  it("shows another host's not ready with its reason, then its ready, as serve streams them", async () => {
    // the first read of the session, before any login, is no error in the console (the harness lets 4xx pass)
    const consoleErrors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    await page.goto(session.url)
    await page.getByLabel('Agent id').fill('ann')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByTestId('stream-status').filter({ hasText: 'Connected' }).waitFor()
    expect(consoleErrors).toEqual([])
    await page
      .getByTestId('media-voice-state')
      .filter({ hasText: /^Not ready$/ })
      .waitFor()
    await setElsewhere({ state: 'ready' })
    // within the page's 15 s wait, well before the poll's 10 minutes: the stream's word
    await page
      .getByTestId('media-voice-state')
      .filter({ hasText: /^Ready$/ })
      .waitFor()
    // serve's own view of ann follows too, not only her badge
    await page
      .getByTestId('router-state')
      .filter({ hasText: /^Router: Ready/ })
      .waitFor()
    await setElsewhere({ state: 'not-ready', reason: 'Coaching' })
    await page
      .getByTestId('media-voice-reason')
      .filter({ hasText: /Coaching/ })
      .waitFor()
    expect(await page.getByTestId('media-voice-state').textContent()).toBe('Not ready')
    await page
      .getByTestId('router-state')
      .filter({ hasText: /^Router: Not ready/ })
      .waitFor()
    await eventually(() => expect(session.pageErrors).toEqual([]))
  })

  it('says a supervisor logged ann out and holds her buttons (a Ready would undo it) until she logs in again', async () => {
    const ready = page.getByRole('button', { name: 'Ready', exact: true })
    await setElsewhere({ state: 'ready' })
    await page.getByRole('button', { name: 'Ready', exact: true, pressed: true }).waitFor()
    await setElsewhere({ state: 'logged-out', by: 'supervisor', supervisor: 'sam' })
    await page
      .getByTestId('outside-logout')
      .filter({ hasText: /^Supervisor sam logged you out at \d\d:\d\d\. Log in again to take calls\./ })
      .waitFor()
    await page.getByTestId('stream-status').filter({ hasText: 'Logged out' }).waitFor()
    expect(await ready.isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: 'Not ready', exact: true }).isDisabled()).toBe(true)
    await page.getByRole('button', { name: 'Log in again' }).click()
    await page
      .getByTestId('media-voice-state')
      .filter({ hasText: /^Not ready$/ })
      .waitFor()
    await page.getByTestId('stream-status').filter({ hasText: 'Connected' }).waitFor()
    expect(await page.getByTestId('outside-logout').count()).toBe(0)
    expect(await ready.isDisabled()).toBe(false)
    const { body } = await session.routing.request('GET', '/v1/agents')
    expect(body.agents.find((a: { id: string }) => a.id === 'ann').state).toBe('not-ready')
    await eventually(() => expect(session.pageErrors).toEqual([]))
  })
})
