// A supervisor changing agents' states from the Monitor's agent grid against a real `routewright serve` with a token:
// Not ready with a typed reason, Log out after its confirmation, Ready by keyboard; each reaches serve as set by the
// supervisor and the row changes once serve says so; a supervisor name serve would refuse is not sent; logging out an
// agent with an offer pending says what stays running; with serve gone the refusal is shown, nothing faked.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DIRECTORY, serve, supportStrategy, type TestServer } from '../../../packages/server/test/helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { openMonitorTab } from './monitor-tab.ts'

const TOKEN = 'supervisor-e2e-token'

let page: Page
let routing: TestServer

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 })
const bucket = (agent: string) => page.getByTestId(`monitor-agent-${agent}`).getAttribute('data-bucket')

/** Serve's own view of the agent (GET /v1/agents), with the token. */
async function agentOnServe(id: string) {
  const answer = await fetch(`${routing.server.url}/v1/agents`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  })
  const { agents } = (await answer.json()) as {
    agents: Array<{ id: string; state: string; reason?: string }>
  }
  return agents.find((a) => a.id === id)
}

const session = designerForThisFile({
  workspaceFixture: null,
  files: { 'center.directory.yaml': DIRECTORY, 'support.strategy.yaml': supportStrategy() },
  blank: true,
  async ready(s) {
    page = s.page
    routing = await serve(
      { allowOrigins: [s.url.replace(/\/$/, '')], token: TOKEN },
      { 'center.directory.yaml': DIRECTORY },
    )
    await openMonitorTab(page, s.url, routing.server.url, 'support.strategy.yaml')
  },
  teardown: () => routing?.stop(),
})

describe('Monitor view agent actions', () => {
  it('forces an agent not ready, logs one out after confirming, makes one ready by keyboard, shows a refusal', async () => {
    expect(session.url).toContain('http')
    await page.getByTestId('monitor-token').fill(TOKEN)
    await page.getByTestId('monitor-connect').click()
    await poll(() => page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    await poll(() => bucket('ann')).toBe('loggedOut')

    // Not ready with a typed reason: the question takes the focus, Enter sends it
    await page.getByTestId('monitor-agent-ann-not-ready').click()
    const reason = page.getByTestId('monitor-agent-reason')
    await poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true)
    await reason.fill('coaching')
    await reason.press('Enter')
    await poll(() => bucket('ann')).toBe('notReady')
    expect(await agentOnServe('ann')).toMatchObject({ state: 'not-ready', reason: 'coaching' })
    await poll(() => page.getByTestId('monitor-agent-action-result').textContent()).toContain(
      'Sent: ann not ready (coaching)',
    )
    expect(await page.getByTestId('monitor-agent-action').count()).toBe(0)

    // Log out asks first: Cancel changes nothing, the confirmation logs her out
    await page.getByTestId('monitor-agent-ann-log-out').click()
    expect(await page.getByTestId('monitor-agent-action').textContent()).toContain('Log ann out?')
    await page.getByTestId('monitor-agent-action-cancel').click()
    expect(await page.getByTestId('monitor-agent-action').count()).toBe(0)
    expect((await agentOnServe('ann'))?.state).toBe('not-ready')
    await page.getByTestId('monitor-agent-ann-log-out').click()
    await page.getByTestId('monitor-agent-action-send').click()
    await poll(() => bucket('ann')).toBe('loggedOut')

    // Ready from the keyboard: focus the row's button, Enter
    await page.getByTestId('monitor-agent-bob-ready').focus()
    await page.keyboard.press('Enter')
    await poll(() => bucket('bob')).toBe('ready')
    expect((await agentOnServe('bob'))?.state).toBe('ready')

    // a supervisor name serve would refuse: said at the field, and an action is not sent with it
    const name = page.getByTestId('monitor-supervisor')
    await name.fill('s'.repeat(257))
    expect(await page.getByTestId('monitor-supervisor-problem').textContent()).toContain(
      "over serve's limit of 256",
    )
    await page.getByTestId('monitor-agent-ann-ready').click()
    await poll(() => page.getByTestId('monitor-agent-action-result').textContent()).toContain('nothing sent')
    expect((await agentOnServe('ann'))?.state).toBe('logged-out')
    await name.fill('sam')
    expect(await page.getByTestId('monitor-supervisor-problem').count()).toBe(0)

    // bob has an offer pending: Log out… says it stays open, and what an unanswered one does
    const auth = { authorization: `Bearer ${TOKEN}` }
    const offered = await routing.request('POST', '/v1/interactions', { id: 'c1', strategy: 'support' }, auth)
    expect(offered.body).toMatchObject({ state: 'reserved', agent: 'bob' })
    await poll(() => page.getByTestId('monitor-agent-bob').textContent()).toContain('offered 1')
    await page.getByTestId('monitor-agent-bob-log-out').click()
    expect(await page.getByTestId('monitor-agent-action-warning').textContent()).toBe(
      'bob has 1 offer pending: logging out does not withdraw it; the host can still confirm it, and one not answered in time or rejected goes back in line while bob stays logged out.',
    )
    await page.getByTestId('monitor-agent-action-cancel').click()

    // serve gone: the refusal is said, the row keeps what serve last said
    await routing.stop()
    await page.getByTestId('monitor-agent-ann-ready').click()
    const result = page.getByTestId('monitor-agent-action-result')
    await poll(() => result.getAttribute('data-ok')).toBe('false')
    expect(await result.getAttribute('role')).toBe('alert')
    expect(await result.textContent()).toContain('Could not make ann ready: serve is not reachable')
    expect(await bucket('ann')).toBe('loggedOut')
  })
})
