// A long plain value in the inspector reads without clicking into it, at a laptop's 1,024 px window, with the whole
// value as its tooltip: a resource path (hold music) shows its end, the file name, and prose (a title) its start,
// where users read it from. Before, the input showed the start cut at its right edge with no tooltip; then every
// field showed its end, so a title read from the middle of a word. A short value gets no tooltip and shows its start.
// A title now wraps over up to 4 lines, so a long one reads whole.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { storeText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'long-values.strategy.yaml'
const MUSIC =
  'music/emea/paris/sales/holiday-season-2026/french-and-english-hold-loop-with-queue-position-v3.wav'
const TITLE = 'Sales Paris: the French-speaking team, then the English-speaking overflow desk on Saturdays'
/** A case label as a sentence (the schema takes 60 letters): it names the case's output on the canvas. */
const CASE_LABEL = 'Both sites wait over five minutes: send to the partner'
/** site-overflow with the Paris node's hold music and title made long. */
const STRATEGY = readFileSync(
  join(import.meta.dirname, '../../../examples/site-overflow.strategy.yaml'),
  'utf8',
)
  .replace('strategy: site-overflow', 'strategy: long-values')
  .replace('title: Sales Paris', `title: '${TITLE}'`)
  .replace('label: partner', `label: '${CASE_LABEL}'`)
  .replace(
    'pick: longest-idle\n    wait: 3m\n    treatments: [{ music: music/sales-hold }]',
    `pick: longest-idle\n    wait: 3m\n    treatments: [{ music: ${MUSIC} }]`,
  )

const session = designerForThisFile({
  viewport: { width: 1024, height: 768 },
  file: FILE,
  files: { [FILE]: STRATEGY },
})

/** What an unfocused input shows of its value: cut or not, its tooltip, and whether its start and end are in view. */
function view(testId: string) {
  return session.page.getByTestId(testId).evaluate((input: HTMLInputElement) => ({
    value: input.value,
    // a wrapping title is cut when its lines outgrow it
    cut: input.scrollWidth > input.clientWidth + 1 || input.scrollHeight > input.clientHeight + 1,
    title: input.getAttribute('title'),
    startInView: input.scrollLeft === 0,
    endInView: input.scrollLeft + input.clientWidth >= input.scrollWidth - 1,
    focused: document.activeElement === input,
  }))
}

/**
 * The file as it opened: the page loads it again only when a test before changed its text (a load each test cost
 * ~1 s, most of this file's time); a test that only reads or moves the focus leaves the page as it found it.
 */
async function openUnedited() {
  if ((await storeText(session.page)) !== STRATEGY) await session.openFile(FILE)
}

async function openParis() {
  await openUnedited()
  await session.page.getByTestId('node-paris').click()
  await session.page.getByTestId('field-treatments-0-music').waitFor()
}

it('a long resource path shows its end unfocused, the whole value as its tooltip', async () => {
  await openParis()
  const testId = 'field-treatments-0-music'
  await expect
    .poll(() => view(testId))
    .toMatchObject({ value: MUSIC, cut: true, title: MUSIC, endInView: true })
  expect((await view(testId)).startInView).toBe(false)
  await session.page.screenshot({ path: `/tmp/inspector-long-values-${testId}.png` })
})

it('a long title wraps and reads whole, with no tooltip', async () => {
  await openParis()
  // a title is prose: it wraps over up to 4 lines (grow-lines.ts) instead of being cut with its start in view
  await expect
    .poll(() => view('field-title'))
    .toMatchObject({ value: TITLE, cut: false, title: null, startInView: true, endInView: true })
})

it('a long title typed at its end still reads whole once the field is left', async () => {
  await openParis()
  const field = session.page.getByTestId('field-title')
  await field.click()
  await field.press('End')
  await field.pressSequentially(' too')
  await session.page.getByTestId('field-id').focus()
  await expect
    .poll(() => view('field-title'))
    .toMatchObject({ value: `${TITLE} too`, focused: false, cut: false, startInView: true, endInView: true })
})

it('a long case label wraps and reads whole, as a title does', async () => {
  await openUnedited()
  await session.page.getByTestId('node-choose_site').click()
  // before, a one-line input cut it after ~30 letters at a 1,024 px window
  await expect
    .poll(() => view('field-cases-2-label'))
    .toMatchObject({ value: CASE_LABEL, cut: false, startInView: true, endInView: true })
})

it('a refused edit far down the inspector says so in view, not above the scrolled-away top', async () => {
  await openUnedited()
  await session.page.getByTestId('node-choose_site').click()
  const field = session.page.getByTestId('field-cases-2-label')
  // the user scrolls down to the last case, as a short window makes them
  await session.page.getByTestId('inspector').evaluate((el) => {
    el.scrollTop = el.scrollHeight
  })
  await field.click()
  await field.press('End')
  // 61 letters: one over the schema's limit, so the file keeps its last valid label
  await field.pressSequentially(' ok now')
  const notice = session.page.getByTestId('inspector-refusal')
  await expect.poll(() => notice.textContent()).toContain('has 61 characters')
  const place = await notice.evaluate((el) => {
    const box = el.getBoundingClientRect()
    const panel = el.closest('[data-testid="inspector"]')!
    const view = panel.getBoundingClientRect()
    return { scrolled: panel.scrollTop > 0, inView: box.top >= view.top - 1 && box.bottom <= view.bottom + 1 }
  })
  // before, the notice sat above the inspector's first row, scrolled out of view: typing seemed to work
  expect(place).toEqual({ scrolled: true, inView: true })
  // which case's label, not only "label"; and the field itself is marked, its reason beside it
  expect(await notice.textContent()).toContain('Not written (case 3 of node choose_site): "label" has 61')
  expect(await field.getAttribute('aria-invalid')).toBe('true')
  expect(await session.page.getByTestId('field-cases-2-label-error').textContent()).toContain(
    'has 61 characters',
  )
  // back to 60 letters: written, and neither the notice nor the field's complaint stays
  await field.press('Backspace')
  await expect.poll(() => notice.count()).toBe(0)
  expect(await field.getAttribute('aria-invalid')).toBeNull()
  expect(await session.page.getByTestId('field-cases-2-label-error').count()).toBe(0)
})

it("an empty threshold shows an example of one, in the candidate agent's terms", async () => {
  await openParis()
  const field = session.page.getByTestId('field-threshold')
  // the Monaco editor, once loaded, shows it as the plain field did
  await expect.poll(() => field.getAttribute('data-monaco')).toBe('true')
  await expect
    .poll(() => field.evaluate((el) => el.querySelector('.editorPlaceholder')?.textContent))
    .toBe('e.g. agent.occupancy < 0.85')
})

it('after editing, leaving the field shows the end again', async () => {
  await openParis()
  const field = session.page.getByTestId('field-treatments-0-music')
  await field.click()
  await field.press('Home')
  await expect.poll(async () => (await view('field-treatments-0-music')).startInView).toBe(true)
  await session.page.getByTestId('field-title').click()
  await expect
    .poll(() => view('field-treatments-0-music'))
    .toMatchObject({ focused: false, endInView: true, startInView: false, title: MUSIC })
})

it('a short value has no tooltip and shows from its start', async () => {
  await openParis()
  await expect
    .poll(() => view('field-id'))
    .toMatchObject({ value: 'paris', cut: false, title: null, startInView: true })
})

it('the Where used buttons of a long name wrap inside the inspector, not past its right edge', async () => {
  await openParis()
  const overflow = await session.page.getByTestId('inspector').evaluate((inspector) => {
    const right = inspector.getBoundingClientRect().right
    return [...inspector.querySelectorAll<HTMLElement>('[data-testid^="where-used-"]')].map((button) => ({
      label: button.textContent,
      past: Math.round(button.getBoundingClientRect().right - right),
    }))
  })
  // the long hold music is one of the names, and no button reaches past the inspector
  expect(overflow.some((b) => b.label?.includes(MUSIC))).toBe(true)
  expect(overflow.filter((b) => b.past > 0)).toEqual([])
})
