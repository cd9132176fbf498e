// A supervisor changing agents' states from the Monitor's agent grid against a real `routewright serve` with a token:
// Not ready with a typed reason, Log out after its confirmation, Ready by keyboard; each reaches serve as set by the
// supervisor and the row changes once serve says so; a supervisor name serve would refuse is not sent; logging out an
// agent with an offer pending says what stays running; while serve has not answered, the line says this action is
// pending (not the last one's answer), an older action's late success is dropped and its late refusal added to the
// newer line; with serve gone the refusal is shown, nothing faked.
import type { Route } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DIRECTORY, supportStrategy } from '../../../packages/server/test/helpers.ts'
import { designerBesideServe, poll } from './monitor-tab.ts'

const TOKEN = 'supervisor-e2e-token'

const bucket = (agent: string) =>
  beside.page.getByTestId(`monitor-agent-${agent}`).getAttribute('data-bucket')

/** Serve's own view of the agent (GET /v1/agents), with the token. */
async function agentOnServe(id: string) {
  const answer = await fetch(`${beside.routing.server.url}/v1/agents`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  })
  const { agents } = (await answer.json()) as {
    agents: Array<{ id: string; state: string; reason?: string }>
  }
  return agents.find((a) => a.id === id)
}

/** Holds the page's PUTs of `agent`'s state until `release` lets them go on (to serve, or to nothing once stopped). */
async function holdStateChanges(agent: string) {
  const held: Route[] = []
  const pattern = `${beside.routing.server.url}/v1/agents/${agent}/state`
  let released = false
  const handler = (route: Route) => void (released ? route.continue() : held.push(route))
  await beside.page.route(pattern, handler)
  return {
    held,
    async release() {
      released = true
      for (const route of held.splice(0)) await route.continue()
      await beside.page.unroute(pattern, handler)
    },
  }
}

/** The outcome line's state: pending (this action has no answer yet) or serve's answer. */
const line = async () => {
  const result = beside.page.getByTestId('monitor-agent-action-result')
  return {
    text: await result.textContent(),
    pending: await result.getAttribute('data-pending'),
    ok: await result.getAttribute('data-ok'),
    role: await result.getAttribute('role'),
    busy: await result.getAttribute('aria-busy'),
  }
}

const beside = designerBesideServe({
  files: { 'center.directory.yaml': DIRECTORY, 'support.strategy.yaml': supportStrategy() },
  serve: { token: TOKEN },
  serveFiles: { 'center.directory.yaml': DIRECTORY },
})
const { session } = beside

describe('Monitor view agent actions', () => {
  it('forces an agent not ready, logs one out after confirming, makes one ready by keyboard, shows a refusal', async () => {
    expect(session.url).toContain('http')
    await beside.page.getByTestId('monitor-token').fill(TOKEN)
    await beside.page.getByTestId('monitor-connect').click()
    await poll(() => beside.page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    await poll(() => bucket('ann')).toBe('loggedOut')
    // live, the fields unchanged: Disconnect alone (no Reconnect beside it), and no raw event id in the status line
    expect(await beside.page.getByTestId('monitor-connect').count()).toBe(0)
    expect(await beside.page.getByTestId('monitor-disconnect').isVisible()).toBe(true)
    expect(await beside.page.getByTestId('monitor-events').textContent()).toMatch(/^[\d,]+ events$/)
    // ann's row is grey (logged out), but her buttons work: they do not take the grey that says disabled
    const [button, row] = await beside.page
      .getByTestId('monitor-agent-ann-ready')
      .evaluate((el) => [
        getComputedStyle(el).color,
        getComputedStyle(el.closest('.rw-mon-agent') ?? el).color,
      ])
    expect(row).toBe('rgb(91, 100, 114)')
    expect(button).not.toBe(row)
    // beside the buttons the headings and the agent ids are whole, not "a…", in a 1,280 px window
    await beside.page.setViewportSize({ width: 1280, height: 800 })
    const cut = await beside.page
      .locator('.rw-mon-agents__head > span, .rw-mon-agent > span:first-child')
      .evaluateAll((spans) =>
        spans.filter((s) => s.scrollWidth > s.clientWidth + 1).map((s) => s.textContent),
      )
    expect(cut).toEqual([])

    // Not ready with a typed reason: the question takes the focus, Enter sends it
    await beside.page.getByTestId('monitor-agent-ann-not-ready').click()
    const reason = beside.page.getByTestId('monitor-agent-reason')
    await poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true)
    await reason.fill('coaching')
    await reason.press('Enter')
    await poll(() => bucket('ann')).toBe('notReady')
    expect(await agentOnServe('ann')).toMatchObject({ state: 'not-ready', reason: 'coaching' })
    await poll(() => beside.page.getByTestId('monitor-agent-action-result').textContent()).toContain(
      'Sent: ann not ready (coaching)',
    )
    expect(await beside.page.getByTestId('monitor-agent-action').count()).toBe(0)

    // Log out asks first: Cancel changes nothing, the confirmation logs her out
    await beside.page.getByTestId('monitor-agent-ann-log-out').click()
    expect(await beside.page.getByTestId('monitor-agent-action').textContent()).toContain('Log ann out?')
    await beside.page.getByTestId('monitor-agent-action-cancel').click()
    expect(await beside.page.getByTestId('monitor-agent-action').count()).toBe(0)
    expect((await agentOnServe('ann'))?.state).toBe('not-ready')
    await beside.page.getByTestId('monitor-agent-ann-log-out').click()
    await beside.page.getByTestId('monitor-agent-action-send').click()
    await poll(() => bucket('ann')).toBe('loggedOut')

    // Ready from the keyboard: focus the row's button, Enter
    await beside.page.getByTestId('monitor-agent-bob-ready').focus()
    await beside.page.keyboard.press('Enter')
    await poll(() => bucket('bob')).toBe('ready')
    expect((await agentOnServe('bob'))?.state).toBe('ready')

    // a supervisor name serve would refuse: said at the field, and an action is not sent with it
    const name = beside.page.getByTestId('monitor-supervisor')
    await name.fill('s'.repeat(257))
    expect(await beside.page.getByTestId('monitor-supervisor-problem').textContent()).toContain(
      "over serve's limit of 256",
    )
    await beside.page.getByTestId('monitor-agent-ann-ready').click()
    await poll(() => beside.page.getByTestId('monitor-agent-action-result').textContent()).toContain(
      'nothing sent',
    )
    expect((await agentOnServe('ann'))?.state).toBe('logged-out')
    await name.fill('sam')
    expect(await beside.page.getByTestId('monitor-supervisor-problem').count()).toBe(0)

    // bob has an offer pending: Log out… says it stays open, and what an unanswered one does
    const auth = { authorization: `Bearer ${TOKEN}` }
    const offered = await beside.routing.request(
      'POST',
      '/v1/interactions',
      { id: 'c1', strategy: 'support' },
      auth,
    )
    expect(offered.body).toMatchObject({ state: 'reserved', agent: 'bob' })
    await poll(() => beside.page.getByTestId('monitor-agent-bob').textContent()).toContain('offered 1')
    await beside.page.getByTestId('monitor-agent-bob-log-out').click()
    expect(await beside.page.getByTestId('monitor-agent-action-warning').textContent()).toBe(
      'bob has 1 offer pending: logging out does not withdraw it; the host can still confirm it, and one not answered in time or rejected goes back in line while bob stays logged out.',
    )
    await beside.page.getByTestId('monitor-agent-action-cancel').click()

    // serve's answer held: at the click the line says ann's action is pending, not the refusal shown before it
    const ann = await holdStateChanges('ann')
    await beside.page.getByTestId('monitor-agent-ann-ready').click()
    await poll(async () => ann.held.length).toBe(1)
    expect(await line()).toEqual({
      text: 'Making ann ready…',
      pending: 'true',
      ok: null,
      role: 'status',
      busy: 'true',
    })
    expect(await beside.page.getByTestId('monitor-agent-ann-ready').isDisabled()).toBe(true)

    // a newer action (bob's) answered while ann's waits: ann's answer, arriving after, does not replace bob's
    await beside.page.getByTestId('monitor-agent-bob-not-ready').click()
    await beside.page.getByTestId('monitor-agent-reason').fill('break')
    await beside.page.getByTestId('monitor-agent-reason').press('Enter')
    await poll(async () => (await line()).text).toBe(
      'Sent: bob not ready (break). The grid shows it once serve streams it.',
    )
    await ann.release()
    await poll(() => bucket('ann')).toBe('ready')
    // her row takes clicks again once the page has her answer
    await poll(() => beside.page.getByTestId('monitor-agent-ann-ready').isDisabled()).toBe(false)
    expect(await line()).toMatchObject({
      text: expect.stringContaining('Sent: bob not ready (break)'),
      ok: 'true',
    })

    // an older action refused after a newer one was answered: the line stays on the newer one and adds the refusal
    const refusing = await holdStateChanges('ann')
    await beside.page.getByTestId('monitor-agent-ann-log-out').click()
    await beside.page.getByTestId('monitor-agent-action-send').click()
    await poll(async () => refusing.held.length).toBe(1)
    await beside.page.getByTestId('monitor-agent-bob-ready').click()
    await poll(async () => (await line()).text).toBe(
      'Sent: bob ready. The grid shows it once serve streams it.',
    )
    await refusing.held.splice(0)[0]!.fulfill({
      status: 409,
      headers: { 'access-control-allow-origin': '*' },
      contentType: 'application/json',
      body: JSON.stringify({ error: 'ann is in a call', code: 'refused' }),
    })
    await refusing.release()
    await poll(async () => (await line()).text).toBe(
      'Sent: bob ready. The grid shows it once serve streams it. Earlier: Could not make ann logged out: serve refused it (409): ann is in a call',
    )
    expect(await line()).toMatchObject({ ok: 'true', role: 'alert' })
    await poll(() => beside.page.getByTestId('monitor-agent-ann-log-out').isDisabled()).toBe(false)

    // serve gone: this action is pending until the refused connection is its answer; the row keeps serve's last word
    await beside.routing.stop()
    const gone = await holdStateChanges('ann')
    await beside.page.getByTestId('monitor-agent-ann-ready').click()
    await poll(async () => gone.held.length).toBe(1)
    expect(await line()).toMatchObject({ text: 'Making ann ready…', pending: 'true', ok: null })
    await gone.release()
    await poll(async () => (await line()).pending).toBe(null)
    expect(await line()).toMatchObject({
      text: expect.stringContaining('Could not make ann ready: nothing answers at http'),
      ok: 'false',
      role: 'alert',
      busy: 'false',
    })
    expect(await bucket('ann')).toBe('ready')
  })
})
