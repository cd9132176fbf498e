// The Simulation tab refuses traffic no agent could ever answer (RW491: nobody takes the calls' media), as
// `routewright simulate` does: the finding and what to change are shown, and nothing runs. The same strategy on the
// media its agents take (chat, picked from the directory's media) runs and answers.
import { describe, expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

const STRATEGY = `strategy: chat_desk
format: 1
start: pick
nodes:
  pick: { type: target, targets: [{ group: chat }] }
`
// the agents take chat only; the simulated calls are voice
const DIRECTORY = `directory: floor
format: 1
groups: { chat: {} }
agents:
  ann: { groups: [chat], capacity: { chat: 2 } }
  bo: { groups: [chat], capacity: { chat: 2 } }
`

const session = designerForThisFile({
  viewport: { width: 1440, height: 1000 },
  workspaceFixture: null,
  files: { 'chat-desk.strategy.yaml': STRATEGY, 'floor.directory.yaml': DIRECTORY },
  file: 'chat-desk.strategy.yaml',
  async ready({ page }) {
    await page.getByTestId('tab-simulation').click()
    await page.getByTestId('sim-panel').waitFor()
  },
})

describe('simulation panel, traffic no agent takes', () => {
  it('[RW491] refuses the run, shows the finding and what to change, and runs nothing', async () => {
    const { page } = session
    await page.getByTestId('sim-run').click()
    const status = page.getByTestId('sim-status')
    await expect.poll(() => status.getAttribute('data-state')).toBe('refused')
    expect(await status.textContent()).toBe(
      'Not run: no call of this traffic could reach an agent. Change what the finding below names, then run again.',
    )
    expect(await page.getByTestId('sim-refusal').textContent()).toBe(
      'error RW491: No agent of the directory takes media "voice", so no contact could ever be answered. Its media: chat. ' +
        'The simulated calls are voice: pick a media the agents take, or give agents of the directory voice in their capacity (capacity: { voice: 1 }), then run again.',
    )
    // no run: no figures, no progress, the heat overlay untouched
    expect(await page.getByTestId('sim-kpis').count()).toBe(0)
    expect(await page.getByTestId('sim-progress').count()).toBe(0)
    expect(await page.getByTestId('sim-heat-marks').count()).toBe(0)
    expect(session.pageErrors).toEqual([])
  })

  it('simulates chats on media chat, a choice of the directory media, and heads the figures with it', async () => {
    const { page } = session
    const media = page.getByTestId('sim-media')
    expect(await media.locator('option').allTextContents()).toEqual(['voice', 'chat'])
    await media.selectOption('chat')
    await page.getByTestId('sim-priority').fill('5')
    await page.getByTestId('sim-data').fill('{"reason": "billing"}')
    // callers who hang up after two minutes, as this test's service level figure was set for (the form's patience
    // is none by default now, as `routewright simulate`'s: nobody hangs up and the line grows)
    await page.getByTestId('sim-patience').fill('120')
    await page.getByTestId('sim-run').click()
    const status = page.getByTestId('sim-status')
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 60_000 }).toBe('done')
    expect(await status.textContent()).toMatch(
      /^Done: [\d,]+ chat contacts through this version \(after warm-up\)\.$/,
    )
    expect(await page.getByTestId('sim-kpis-interaction').textContent()).toBe(
      'chat, priority 5, data {"reason":"billing"}',
    )
    // both chat agents answered, within the service level for most
    expect(await page.getByTestId('sim-kpi-agents-0').textContent()).toMatch(/^2 of 2, busiest /)
    expect(
      Number.parseFloat((await page.getByTestId('sim-kpi-service-level-0').textContent()) ?? ''),
    ).toBeGreaterThan(50)
    expect(await page.getByTestId('sim-refusal').count()).toBe(0)
    expect(await page.getByTestId('sim-warnings').count()).toBe(0)
    expect(session.pageErrors).toEqual([])
  })

  it('keeps the media with the other settings across tabs, and refuses voice again once it is picked back', async () => {
    const { page } = session
    await page.getByTestId('tab-problems').click()
    await page.getByTestId('tab-simulation').click()
    await page.getByTestId('sim-panel').waitFor()
    expect(await page.getByTestId('sim-media').inputValue()).toBe('chat')
    expect(await page.getByTestId('sim-priority').inputValue()).toBe('5')
    await page.getByTestId('sim-media').selectOption('voice')
    await page.getByTestId('sim-run').click()
    const status = page.getByTestId('sim-status')
    await expect.poll(() => status.getAttribute('data-state')).toBe('refused')
    expect(await page.getByTestId('sim-refusal').textContent()).toContain('takes media "voice"')
  })

  it('says where call data that is not JSON goes wrong, at the field, and does not run', async () => {
    const { page } = session
    await page.getByTestId('sim-data').fill('{"reason": "billing",\n "tier" gold}')
    await expect
      .poll(() => page.getByTestId('sim-error-data').textContent())
      .toBe(
        `Call data must be a JSON object such as {"customer_tier": "gold"}: Expected ':' after property name at line 2, column 9.`,
      )
    expect(await page.getByTestId('sim-data').getAttribute('aria-describedby')).toBe('sim-error-data')
    expect(await page.getByTestId('sim-run').isDisabled()).toBe(true)
    await page.getByTestId('sim-priority').fill('high')
    await expect
      .poll(() => page.getByTestId('sim-error-priority').textContent())
      .toBe('Priority must be a number from -1000000 to 1000000, fractions too, or empty for 0 (got "high").')
    // what serve takes, the form takes: a fractional priority, a 128-character SIP caller; one more is refused
    await page.getByTestId('sim-priority').fill('2.5')
    await expect.poll(() => page.getByTestId('sim-error-priority').count()).toBe(0)
    await page.getByTestId('sim-ani').fill(`sip:+${'3'.repeat(123)}`)
    expect(await page.getByTestId('sim-error-ani').count()).toBe(0)
    await page.getByTestId('sim-ani').fill(`sip:+${'3'.repeat(124)}`)
    await expect
      .poll(() => page.getByTestId('sim-error-ani').textContent())
      .toBe(
        'The ANI is 129 characters, over the 128 routewright serve and the router take (their default limits.maxAddressChars): shorten it.',
      )
  })
})
