// The walkthrough as a routing designer does it, with the UI only (no YAML typed): business hours ->
// language menu -> skill target with escalation -> voicemail; saved, then validated by the command-line tool.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { selectNode, storeText, validateWithCli, waitForDirectory, waitForStoreText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { readmeScreenshot } from './screenshots.ts'

const FILE = 'walkthrough.strategy.yaml'

let page: Page

const text = () => storeText(page)

const waitForText = (predicate: (t: string) => boolean, what: string) =>
  waitForStoreText(page, predicate, what)

/** Finds the kind with the palette's search box, then drags it onto the canvas. */
async function drop(type: string, x: number, y: number) {
  await page.getByTestId('palette-search').fill(type)
  await page.getByTestId(`palette-${type}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } })
}

const select = (id: string) => selectNode(page, id)

async function connect(output: string, target: string) {
  await page.getByTestId(`field-output-${output}`).selectOption(target)
}

/** Replaces the text of a Monaco CEL field by typing, as a user does. */
async function typeCel(field: string, value: string) {
  const editor = page.locator(`[data-testid="field-${field}"][data-monaco="true"]`)
  await editor.waitFor({ timeout: 60_000 })
  await editor.click()
  await page.keyboard.press('Control+a')
  await page.keyboard.type(value)
  await page.keyboard.press('Escape')
}

const session = designerForThisFile({
  viewport: { width: 1440, height: 900 },
  async ready(s) {
    page = s.page
    await page.getByTestId('workspace-new').waitFor({ timeout: 20_000 })
    // the first draft takes the directory's calendar and group: the designer reads them after opening its first file
    await waitForDirectory(page)
  },
})

describe('walkthrough: hours -> language menu -> skills with escalation -> voicemail', () => {
  it('starts a new strategy with a useful first draft', async () => {
    await page.getByTestId('workspace-new').click()
    await page.getByTestId('prompt-input').fill('walkthrough')
    await page.getByTestId('prompt-ok').click()
    await page.locator(FITTED_CANVAS).waitFor({ timeout: 20_000 })
    // open -> agents -> default route, with the directory's calendar (UTC: its first) and its busiest group
    await expect.poll(() => page.getByTestId('node-hours').getByTestId('start-marker').count()).toBe(1)
    await waitForText((t) => t.includes('calendar: us_east'), 'the directory calendar')
  })

  it('adds the language menu, declares its variable with the quick fix', async () => {
    await drop('treatment', 300, 520)
    await page.getByTestId('node-treatment').waitFor()
    await page.getByTestId('field-treatment-kind').selectOption('collect')
    await page.getByTestId('field-treatment-into').fill('lang')
    await page.getByTestId('field-treatment-prompt').fill('prompts/language-menu')
    await page.getByTestId('field-title').fill('Language menu')
    // the inspector's problem box offers the fix the Problems panel does
    await page
      .getByTestId('inspector-problems')
      .getByTestId('quick-fix')
      .filter({ hasText: 'Declare `lang` as string' })
      .waitFor()
    await page.getByTestId('tab-problems').click()
    const fix = page
      .getByRole('region', { name: 'Problems', exact: true })
      .getByTestId('quick-fix')
      .filter({ hasText: 'Declare `lang` as string' })
    await fix.waitFor()
    await fix.focus()
    await page.keyboard.press('Enter')
    await waitForText((t) => /variables:\n\s+lang:\s*\{?\s*type: string/.test(t), 'lang declared as a string')
    // the fix took its button away: the focus stays in the Problems list (it fell to the page's body)
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.closest('section[aria-label="Problems"]') != null),
      )
      .toBe(true)
    await expect.poll(() => page.locator('[data-testid="problem"][data-code="RW112"]').count()).toBe(0)
    // undone, and fixed again from the inspector's box: the focus stays in the inspector, not on the body
    await page.getByTestId('undo').click()
    const inspectorFix = page
      .getByTestId('inspector-problems')
      .getByTestId('quick-fix')
      .filter({ hasText: 'Declare `lang` as string' })
    await inspectorFix.click()
    await waitForText((t) => /variables:\n\s+lang:\s*\{?\s*type: string/.test(t), 'lang declared again')
    await expect
      .poll(() =>
        page.evaluate(() => {
          const active = document.activeElement
          return active !== document.body && active?.closest('[data-testid="inspector"]') != null
        }),
      )
      .toBe(true)
  })

  it('branches on the digit, targets French speakers by skill and widens to a group after 30 s', async () => {
    await drop('switch', 540, 520)
    await page.getByTestId('node-switch').waitFor()
    await page.getByTestId('field-title').fill('Which language?')
    await page.getByTestId('field-cases-0-label').fill('french')
    await typeCel('cases-0-when', 'lang == "2"')
    await waitForText((t) => t.includes('lang == "2"'), 'the menu condition')

    await drop('target', 760, 520)
    await page.getByTestId('node-target').waitFor()
    await page.getByTestId('field-title').fill('French speakers')
    await page.getByTestId('field-targets-0-kind').selectOption('skill')
    // switching the kind never writes an empty name: the document stays valid and the canvas live
    await waitForText((t) => t.includes('skill: skills.support >= 1'), 'a valid skill expression')
    await typeCel('targets-0-skill', 'skills.french >= 5')
    await waitForText((t) => t.includes('skills.french >= 5'), 'the skill expression')
    await page.getByTestId('field-escalate').getByRole('button', { name: '+ escalation step' }).click()
    await page.getByTestId('field-escalate-0-targets-mode').selectOption('add')
    await waitForText(
      (t) => /add: \[\s*\{ group: \w+ \}\s*\]|add:\n\s+- group: \w+/.test(t),
      'an added group',
    )
    expect(await text()).not.toContain('group: ""')
    await page.getByTestId('field-escalate-0-add-0-name').fill('support_fr')
    await waitForText((t) => t.includes('group: support_fr'), 'the escalation group')
    await page.getByTestId('field-escalate-0-after').fill('60 sec')
    await expect
      .poll(() => page.getByTestId('field-escalate-0-after-error').textContent())
      .toContain('write 60s')
    await page.getByTestId('field-escalate-0-after').fill('30s')
    await waitForText((t) => t.includes('after: 30s'), 'the escalation delay')
    await expect.poll(() => page.getByTestId('canvas-stale').count()).toBe(0)
  })

  it('ends in voicemail and wires every output with the inspector', async () => {
    await drop('route', 780, 300)
    await page.getByTestId('node-route').waitFor()
    await page.getByTestId('field-title').fill('Voicemail')
    await waitForText((t) => t.includes('destination: voicemail'), 'the voicemail destination')

    await select('hours')
    await connect('open', 'treatment')
    await connect('closed', 'route')
    await connect('holiday', 'route')
    await select('treatment')
    await connect('done', 'switch')
    await connect('timeout', 'agents')
    await connect('error', 'agents')
    await select('switch')
    await connect('french', 'target')
    await connect('default', 'agents')
    await select('target')
    await connect('timeout', 'route')
    await connect('error', 'route')
    await select('agents')
    await connect('timeout', 'route')
    await connect('error', 'route')
    // the first draft's end node is no longer needed
    await select('closed')
    await page.getByTestId('node-closed').locator('.rw-node__title').click()
    await page.keyboard.press('Delete')
    await expect.poll(() => page.getByTestId('node-closed').count()).toBe(0)
    await page.getByTestId('auto-layout').click()
    await expect.poll(() => page.getByTestId('problem').allTextContents()).toEqual([])
    expect(await page.getByTestId('problems-count').textContent()).toBe('0 errors, 0 warnings')
  })

  it('saves, and the command line validates the saved file', async () => {
    await page.getByTestId('save-button').click()
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved')
    const saved = await readFile(join(session.workspace, FILE), 'utf8')
    expect(saved).toBe(await text())
    const directory = join(session.workspace, 'contact-center.directory.yaml')
    expect(await validateWithCli(join(session.workspace, FILE), directory, '--strict')).not.toMatch(
      /error|warning/i,
    )
    await page.getByTestId('palette-search').fill('')
    await page.getByTestId('node-target').locator('.rw-node__title').click()
    // the README's picture of the designer (kept under docs/screenshots/, refreshed with UPDATE_SCREENSHOTS=1)
    await readmeScreenshot(session, 'designer')
    expect(session.pageErrors).toEqual([])
  })
})
