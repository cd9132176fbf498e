// Try traffic: the simulation panel runs the runtime's simulate in a web worker with progress and cancel, shows the
// figures beside Erlang C / A, charts them over time, lays traffic per node on the canvas, and compares two versions.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { raiseBottomPanel } from './bottom-panel.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { readmeScreenshot } from './screenshots.ts'
import { viewportSettled } from './viewport.ts'

let page: Page

async function fill(id: string, value: string) {
  await page.getByTestId(id).fill(value)
}

async function runAndWait() {
  await page.getByTestId('sim-run').click()
  await expect
    .poll(() => page.getByTestId('sim-status').getAttribute('data-state'), { timeout: 60_000 })
    .toBe('done')
}

function kpi(row: string, column: string): Promise<string | null> {
  return page.getByTestId(`sim-kpi-${row}-${column}`).textContent()
}

const session = designerForThisFile({
  viewport: { width: 1440, height: 1000 },
  file: 'vip-routing.strategy.yaml',
  async ready(s) {
    page = s.page
    await page.getByTestId('tab-simulation').click()
    await page.getByTestId('sim-panel').waitFor()
    // room for the charts: raise the bottom panel from the keyboard
    await raiseBottomPanel(page)
  },
})

/** The selects of the panel whose chosen option's text is wider than the room the select gives it (a clipped label). */
function clippedSelects(): Promise<string[]> {
  return page.evaluate(() => {
    const context = document.createElement('canvas').getContext('2d')!
    return [...document.querySelectorAll<HTMLSelectElement>('[data-testid="sim-panel"] select')].flatMap(
      (select) => {
        const style = getComputedStyle(select)
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
        const text = select.selectedOptions[0]?.text ?? ''
        // the room for the text: the select's inner width less its padding and the drop-down arrow (about 20 px)
        const room =
          select.clientWidth -
          Number.parseFloat(style.paddingLeft) -
          Number.parseFloat(style.paddingRight) -
          20
        return context.measureText(text).width > room ? [`${select.dataset.testid}: "${text}"`] : []
      },
    )
  })
}

describe('simulation panel', () => {
  it('shows the chosen traffic mode and interval whole in their selects', async () => {
    expect(await clippedSelects()).toEqual([])
    await page.getByTestId('sim-mode').selectOption('profile')
    expect(await clippedSelects()).toEqual([])
    await page.getByTestId('sim-mode').selectOption('constant')
  })

  it('says what is wrong with the traffic before running', async () => {
    await fill('sim-arrivals', 'lots')
    await expect
      .poll(() => page.getByTestId('sim-error-arrivalsPerHour').textContent())
      .toBe('Arrivals per hour must be a number > 0 (got "lots").')
    expect(await page.getByTestId('sim-run').isDisabled()).toBe(true)
    await fill('sim-agent-count', '0')
    await expect
      .poll(() => page.getByTestId('sim-error-agents').textContent())
      .toBe('Log in at least one agent.')
  })

  it('runs in a worker and shows service level, ASA, abandon rate and occupancy beside Erlang C and A', async () => {
    await fill('sim-arrivals', '90')
    await fill('sim-agent-count', '6')
    // Erlang A needs a patience (none by default, as routewright simulate)
    await fill('sim-patience', '120')
    await fill('sim-duration', '5')
    await fill('sim-report', '15')
    await runAndWait()
    expect(await page.getByTestId('sim-status').textContent()).toMatch(
      /^Done: [\d,]+ calls through this version/,
    )
    for (const row of ['service-level', 'abandon-rate', 'occupancy']) {
      expect(await kpi(row, '0')).toMatch(/^\d+\.\d%$/)
    }
    expect(await kpi('asa', '0')).toMatch(/^\d+\.\d s$/)
    // 90 calls/h x 180 s = 4.5 Erlangs on 6 agents: Erlang C has a steady state, occupancy 75%
    expect(await kpi('occupancy', 'erlang-c')).toBe('75.0%')
    expect(await kpi('abandon-rate', 'erlang-a')).toMatch(/^\d+\.\d%$/)
    // the agents the run used, through the worker: of the 6 logged in
    expect(await kpi('agents', '0')).toMatch(/^\d of 6/)
    // four charts of 5 h in 15-minute points
    for (const chart of ['service-level', 'asa', 'abandon-rate', 'occupancy']) {
      const figure = page.getByTestId(`sim-chart-${chart}`)
      expect(await figure.getAttribute('data-points')).toBe('20')
      expect(await figure.locator('canvas').count()).toBe(1)
    }
  })

  it('lays the traffic per node on the canvas as a heat overlay', async () => {
    const start = page.locator('.react-flow__node[data-id="has_tier"]')
    await expect
      .poll(() => start.evaluate((el) => getComputedStyle(el).boxShadow))
      .toMatch(/rgb\(214, 40, 40\)/)
    const label = await start.evaluate((el) => getComputedStyle(el, '::before').content)
    expect(label).toMatch(/^"[\d,]+ · 100%"$/)
    // the start node's label sits beside its START marker, not on it, in white on the busiest node's red
    const labelOnMarker = await start.evaluate((el) => {
      const node = el.getBoundingClientRect()
      const marker = el.querySelector('.rw-node__start')!.getBoundingClientRect()
      const before = getComputedStyle(el, '::before')
      const zoom = node.width / (el as HTMLElement).offsetWidth
      const px = (v: string) => Number.parseFloat(v) * zoom
      const [left, top] = [node.left + px(before.left), node.top + px(before.top)]
      const [right, bottom] = [left + px(before.width), top + px(before.height)]
      if (!(right > left && bottom > top)) return `no label box: ${before.width} x ${before.height}`
      return left < marker.right && marker.left < right && top < marker.bottom && marker.top < bottom
    })
    expect(labelOnMarker).toBe(false)
    expect(await start.evaluate((el) => getComputedStyle(el, '::before').color)).toBe('rgb(255, 255, 255)')
    await page.getByTestId('sim-heat').uncheck()
    await expect.poll(() => start.evaluate((el) => getComputedStyle(el).boxShadow)).toBe('none')
    await page.getByTestId('sim-heat').check()
  })

  it('gives every call the data typed: gold callers reach the VIP desk and skip the CRM', async () => {
    await fill('sim-data', '{"customer_tier": "gold"}')
    await runAndWait()
    const vipDesk = page.locator('.react-flow__node[data-id="vip_desk"]')
    await expect
      .poll(() => vipDesk.evaluate((el) => getComputedStyle(el, '::before').content))
      .toMatch(/^"[\d,]+ · 100%"$/)
    const crm = page.locator('.react-flow__node[data-id="identify"]')
    expect(await crm.evaluate((el) => getComputedStyle(el).boxShadow)).toBe('none')
    await fill('sim-data', '')
  })

  it('answers the CRM as typed: every caller it calls gold reaches the VIP desk through it', async () => {
    await fill('sim-functions', '{"lookupCustomer": {"retuns": "gold"}}')
    await expect
      .poll(() => page.getByTestId('sim-error-functions').textContent())
      .toMatch(/^Function "lookupCustomer" must answer \{"returns"/)
    expect(await page.getByTestId('sim-run').isDisabled()).toBe(true)
    await fill('sim-functions', '{"lookupCustomer": {"returns": "gold", "after": "1s"}}')
    await fill('sim-ani', '2125550100')
    await fill('sim-start', '2026-03-02T09:00:00-05:00')
    await runAndWait()
    const crm = page.locator('.react-flow__node[data-id="identify"]')
    await expect.poll(() => crm.evaluate((el) => getComputedStyle(el).boxShadow)).not.toBe('none')
    const vipDesk = page.locator('.react-flow__node[data-id="vip_desk"]')
    // all but the few who hang up during the CRM's second
    const share = await vipDesk.evaluate((el) => getComputedStyle(el, '::before').content)
    expect(Number(/^"[\d,]+ · (\d+)%"$/.exec(share)?.[1])).toBeGreaterThanOrEqual(95)
    for (const id of ['sim-functions', 'sim-ani', 'sim-start']) await fill(id, '')
  })

  it('shows progress and stops at once on Cancel', async () => {
    await fill('sim-duration', '336')
    await fill('sim-arrivals', '400')
    await fill('sim-agent-count', '40')
    // the run's worker (the Monaco editor has workers of its own)
    const worker = page.waitForEvent('worker', (w) => w.url().includes('sim.worker'))
    await page.getByTestId('sim-run').click()
    let closed = false
    // no such worker: the poll below fails and says so
    worker.then((w) => w.once('close', () => (closed = true))).catch(() => {})
    await expect
      .poll(async () => Number(await page.getByTestId('sim-progress').getAttribute('value')), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0)
    expect(await page.getByTestId('sim-status').textContent()).toMatch(/^Simulating… \d+%$/)
    await page.getByTestId('sim-cancel').click()
    await expect.poll(() => page.getByTestId('sim-status').textContent()).toBe('Cancelled.')
    expect(await page.getByTestId('sim-progress').count()).toBe(0)
    // the worker is gone (terminated, not left running in the background): nothing arrives later to change the status
    await expect.poll(() => closed, { message: 'the cancelled run’s sim.worker closes' }).toBe(true)
    expect(await page.getByTestId('sim-status').textContent()).toBe('Cancelled.')
  })

  it('simulates an interval profile over a day', async () => {
    await fill('sim-arrivals', '120')
    await fill('sim-agent-count', '8')
    await page.getByTestId('sim-mode').selectOption('profile')
    await page.getByTestId('sim-profile-minutes').selectOption('30')
    await page.getByTestId('sim-typical-day').click()
    const rates = (await page.getByTestId('sim-profile').inputValue()).split(' ')
    expect(rates).toHaveLength(48)
    await fill('sim-duration', '24')
    await fill('sim-report', '30')
    await runAndWait()
    expect(await page.getByTestId('sim-chart-service-level').getAttribute('data-points')).toBe('48')
  })

  it('compares the edited strategy with the saved file on the same seed, side by side', async () => {
    // a click event on the node itself: the canvas opens zoomed on the start node, so General support may lie outside
    // the visible canvas, where a mouse click lands on whatever covers that point
    await page.getByTestId('node-general').dispatchEvent('click')
    await page.getByTestId('field-wait').fill('20s')
    await page.getByTestId('tab-simulation').click()
    await page.getByTestId('sim-mode').selectOption('constant')
    await fill('sim-duration', '6')
    await fill('sim-report', '15')
    // callers who hang up: the saved version's abandons against the edited one's voicemail
    await fill('sim-patience', '120')
    await page.getByTestId('sim-compare').selectOption('saved')
    await runAndWait()
    const header = await page.getByTestId('sim-kpis').locator('thead th').allTextContents()
    expect(header).toEqual(['Measure', 'edited', 'saved', 'Erlang C', 'Erlang A'])
    const status = (await page.getByTestId('sim-status').textContent()) ?? ''
    // "Done: 424 calls through the edited version, 424 through the saved version (after warm-up)."
    const [edited, saved] = [...status.matchAll(/([\d,]+)(?: calls)? through/g)].map((m) => m[1])
    expect(saved).toBeDefined()
    // the same seed gives both versions the same callers
    expect(edited).toBe(saved)
    // a 20 s wait in the general queue sends callers to voicemail instead of abandoning: the figures differ
    expect(await kpi('abandon-rate', '0')).not.toBe(await kpi('abandon-rate', '1'))
    // and the Done line says where those went, from the worker's result
    expect(status).toMatch(
      /In the edited version, [\d,]+ of [\d,]+ neither reached an agent nor hung up: .*route voicemail [\d,]+/,
    )
    await page.getByTestId('fit-view').click()
    await viewportSettled(page)
    await readmeScreenshot(session, 'simulation-panel')
    expect(session.pageErrors).toEqual([])
  })
})
