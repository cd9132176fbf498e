// The Simulation tab refuses traffic no agent could ever answer (RW491: nobody takes the calls' media), as
// `routewright simulate` does: the finding and what to change are shown, and nothing runs.
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
        'The simulated calls are voice: give agents of the directory voice in their capacity (capacity: { voice: 1 }), then run again.',
    )
    // no run: no figures, no progress, the heat overlay untouched
    expect(await page.getByTestId('sim-kpis').count()).toBe(0)
    expect(await page.getByTestId('sim-progress').count()).toBe(0)
    expect(await page.getByTestId('sim-heat-marks').count()).toBe(0)
    expect(session.pageErrors).toEqual([])
  })
})
