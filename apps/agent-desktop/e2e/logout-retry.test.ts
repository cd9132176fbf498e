// The agent desktop in real Chromium when routewright serve does not take a logout (restarting: 503 from a relay in
// front of it): the desktop says so and tries again by itself, the agent still logged in (never shown logged out
// while serve has them), and once serve takes it the login shows and serve has the agent logged out.
import { eventually } from '@routewright/node-support/testing'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DesktopSession, startDesktop } from './harness.ts'

let session: DesktopSession
let page: Page

beforeAll(async () => {
  session = await startDesktop()
  page = session.page
})

afterAll(async () => {
  await session?.close()
})

async function routerState(agent: string): Promise<string> {
  const { body } = await session.routing.request('GET', '/v1/agents')
  return body.agents.find((a: { id: string }) => a.id === agent).state
}

describe('a logout serve does not take', () => {
  // before, the desktop showed the API's "Try again" once and left the agent logged in at serve until they did
  it('is tried again by itself while the desktop says so, and logs out once serve takes it', async () => {
    await page.goto(session.url)
    await page.getByLabel('Agent id').fill('ann')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByTestId('stream-status').filter({ hasText: 'Connected' }).waitFor()
    let refused = 0
    session.refuseServe((method, url) => {
      const logout = method === 'PUT' && url === '/v1/agents/ann/state'
      if (logout) refused++
      return logout
    })
    // each notice stands only until its retry (1 s, then 2 s): both are watched for from the click on, as a wait for
    // the second begun once the first was seen could start after it on a loaded host
    const saidFirst = page
      .getByRole('alert')
      .filter({
        hasText:
          'You are still logged in: routewright serve did not take the logout (serve is restarting). Trying again in 1 s',
      })
      .waitFor()
    // the desktop's own retry, not a click (the API answers serve's 503 as 502, which Chromium logs): the second refusal says the next wait, twice the first
    const saidSecond = page.getByRole('alert').filter({ hasText: 'Trying again in 2 s' }).waitFor()
    await Promise.all([saidFirst, saidSecond, page.getByRole('button', { name: 'Log out' }).click()])
    expect(refused).toBeGreaterThanOrEqual(2)
    expect(await page.getByTestId('agent-id').textContent()).toBe('ann')
    expect(await routerState('ann')).toBe('not-ready')
    session.refuseServe(() => false)
    await page.getByLabel('Agent id').waitFor()
    await eventually(async () => ((await routerState('ann')) === 'logged-out' ? true : undefined))
    expect(session.pageErrors.filter((e) => !/status of 502/.test(e))).toEqual([])
  })
})
