// The transfer box in real Chromium with the bridge's search answers scripted (page.route): a 429 asked again by
// itself (200 ms, or the bridge's Retry-After) twice at most, "Searching…" while a search is unanswered, no match, a
// failure, and the keyboard (arrows wrapping, Enter picking, Escape closing, typing dropping the highlight); only the
// outcome told to a screen reader, an older text's suggestions not pickable, and the box after a refused transfer (searching again at each one).
import type { Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DesktopSession, startDesktop } from './harness.ts'

let session: DesktopSession
let page: Page
/** The texts the page searched, in order. */
const asked: string[] = []
/** How the next search is answered (the default: the three agents below for any text). */
let respond: (route: Route, q: string) => Promise<void>

const THREE = {
  targets: [
    { id: 'amy', state: 'ready' },
    { id: 'bob', state: 'not-ready' },
    { id: 'cat', state: 'busy' },
  ],
  more: false,
  complete: true,
}

const answer = (route: Route, body: unknown, status = 200, headers: Record<string, string> = {}) =>
  route.fulfill({ status, contentType: 'application/json', headers, body: JSON.stringify(body) })

const REPLACED = { error: 'A newer transfer search of this login replaced this one' }
/** The bridge's answer to every transfer asked here: the target was not ready (nothing sent, the caller stays). */
const REFUSED = {
  error:
    'Transfer to bob failed: bob is not ready; the caller is still with you. Pick an agent who is ready, or a routing point to queue the call',
}
/** The targets the page asked to transfer to, in order. */
const transfers: string[] = []
/** How every transfer is refused (the default: the target was not ready). */
let refusal: { status: number; body: unknown } = { status: 409, body: REFUSED }

beforeAll(async () => {
  session = await startDesktop()
  page = session.page
  await page.route(
    (url) => url.pathname === '/desktop/api/agents',
    async (route) => {
      const q = new URL(route.request().url()).searchParams.get('q') ?? ''
      asked.push(q)
      await respond(route, q)
    },
  )
  await page.route(
    (url) => /^\/desktop\/api\/calls\/[^/]+\/transfer$/.test(url.pathname),
    async (route) => {
      transfers.push((route.request().postDataJSON() as { to: string }).to)
      await answer(route, refusal.body, refusal.status)
    },
  )
  respond = (route) => answer(route, THREE)
  await page.goto(session.url)
  await page.getByLabel('Agent id').fill('ann')
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByTestId('stream-status').filter({ hasText: 'Connected' }).waitFor()
  await page.getByRole('button', { name: 'Ready', exact: true }).click()
  await page.getByRole('button', { name: 'Ready', exact: true, pressed: true }).waitFor()
  await session.placeCall({ id: 'call-1', ani: '+15551230001', dnis: '8000' })
  await page.getByTestId('call').waitFor()
  await session.answer('sip-call-1')
  await page.getByTestId('call-state').filter({ hasText: 'Talking' }).waitFor()
})

afterAll(async () => {
  await session?.close()
})

const target = () => page.getByLabel('Transfer to')
const note = () => page.getByTestId('transfer-note')
const list = () => page.getByRole('listbox', { name: 'Suggested agents' })
const suggested = () => list().getByRole('option')
const outcome = () => page.getByTestId('transfer-outcome')
const askedFor = (q: string) => asked.filter((a) => a === q).length

describe('the transfer box', () => {
  it('asks again by itself after a 429 (200 ms, then the Retry-After), saying Searching… until answered', async () => {
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    respond = async (route, q) => {
      const n = askedFor(q)
      if (n === 1) return answer(route, REPLACED, 429)
      // the bridge-wide bound's refusal says when: a second
      if (n === 2) return answer(route, { error: 'busy' }, 429, { 'retry-after': '1' })
      await held
      return answer(route, { targets: [{ id: 'bob', state: 'ready' }], more: false, complete: true })
    }
    await target().fill('bo')
    await note().filter({ hasText: 'Searching…' }).waitFor()
    await expect.poll(() => askedFor('bo')).toBe(3)
    // the refusals never showed: still searching
    expect(await note().textContent()).toBe('Searching…')
    // a live region saying Searching… was announced at every pause in typing: only the outcome is
    expect(await page.getByRole('status').filter({ hasText: 'Searching…' }).count()).toBe(0)
    expect(await outcome().textContent()).toBe('')
    release()
    await suggested()
      .filter({ hasText: /^bobReady$/ })
      .waitFor()
    expect(await note().textContent()).toBe('')
    expect(await outcome().textContent()).toBe('1 suggestion')
  })

  it('says no suggestions once two retries were refused too, and a failure at once', async () => {
    respond = (route) => answer(route, REPLACED, 429)
    await target().fill('be')
    await note()
      .filter({ hasText: `No suggestions: ${REPLACED.error}` })
      .waitFor()
    expect(askedFor('be')).toBe(3)
    expect(await suggested().count()).toBe(0)
    respond = (route) => answer(route, { error: 'serve is restarting' }, 502)
    await target().fill('bx')
    await note().filter({ hasText: 'No suggestions: serve is restarting' }).waitFor()
    expect(askedFor('bx')).toBe(1)
  })

  it('says when no agent id holds the text', async () => {
    respond = (route) => answer(route, { targets: [], more: false, complete: true })
    await target().fill('zed')
    await note().filter({ hasText: 'No agent id holds "zed"' }).waitFor()
    expect(await suggested().count()).toBe(0)
  })

  it('moves through the suggestions with the arrows (wrapping), picks with Enter and closes with Escape', async () => {
    respond = (route) => answer(route, THREE)
    const selected = () => page.locator('[role="option"][aria-selected="true"]').textContent()
    await target().fill('a')
    await expect.poll(() => suggested().count()).toBe(3)
    await page.keyboard.press('ArrowUp')
    expect(await selected()).toBe('catBusy')
    await page.keyboard.press('ArrowDown')
    expect(await selected()).toBe('amyReady')
    await page.keyboard.press('ArrowDown')
    expect(await target().getAttribute('aria-activedescendant')).toBe(
      await suggested().nth(1).getAttribute('id'),
    )
    await page.keyboard.press('Enter')
    await expect(target().inputValue()).resolves.toBe('bob')
    expect(await suggested().count()).toBe(0)
    // typing again opens the list; a highlight does not outlive the text it was made in
    await target().fill('c')
    await expect.poll(() => suggested().count()).toBe(3)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.type('a')
    expect(await page.locator('[role="option"][aria-selected="true"]').count()).toBe(0)
    await page.keyboard.press('Escape')
    expect(await suggested().count()).toBe(0)
    await expect(target().inputValue()).resolves.toBe('ca')
  })

  it("keeps an older text's suggestions in view while the typed one is searched, but not pickable", async () => {
    respond = (route) => answer(route, THREE)
    await target().fill('a')
    await expect.poll(() => suggested().count()).toBe(3)
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    respond = async (route) => {
      await held
      return answer(route, { targets: [{ id: 'bz1', state: 'ready' }], more: false, complete: true })
    }
    await target().fill('bz')
    await note().filter({ hasText: 'Searching…' }).waitFor()
    // no flicker: the list stays, marked busy
    expect(await suggested().count()).toBe(3)
    // before, ArrowDown highlighted amy and Enter picked her though "bz" was typed
    await page.keyboard.press('ArrowDown')
    expect(await page.locator('[role="option"][aria-selected="true"]').count()).toBe(0)
    expect(await list().getAttribute('aria-busy')).toBe('true')
    await suggested().first().dispatchEvent('mousedown')
    await expect(target().inputValue()).resolves.toBe('bz')
    await page.keyboard.press('Enter')
    // Enter sent what is typed (the form's submit), not an older text's suggestion
    await expect.poll(() => transfers.at(-1)).toBe('bz')
    release()
    await page.getByRole('alert').filter({ hasText: REFUSED.error }).waitFor()
  })

  it('keeps the text after a refused transfer, its alert in view above the list, ready agents first and the others marked', async () => {
    // the bridge's order put the not-ready agent first: the box ranks the one who can take the call first
    respond = (route) =>
      answer(route, {
        targets: [
          { id: 'bob', state: 'not-ready' },
          { id: 'bobby', state: 'ready' },
        ],
        more: false,
        complete: true,
      })
    await target().fill('bob')
    await page.getByRole('button', { name: 'Transfer', exact: true }).click()
    const alert = page.getByRole('alert').filter({ hasText: REFUSED.error })
    await alert.waitFor()
    expect(REFUSED.error).toContain('the caller is still with you')
    expect(transfers.at(-1)).toBe('bob')
    // before, the focus stayed on the button and the list closed: the agent had to go back and type again
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('role')))
      .toBe('combobox')
    // before, the box was emptied: what was typed (a typo to correct) was gone
    await expect(target().inputValue()).resolves.toBe('bob')
    await expect.poll(() => suggested().allTextContents()).toEqual(['bobbyReady', 'bobNot ready'])
    expect(await suggested().nth(0).getAttribute('aria-description')).toBeNull()
    expect(await suggested().nth(1).getAttribute('aria-description')).toBe('cannot take a transfer now')
    // before, the list opened over the alert (at 1,024 px only "...ctory" of it showed): nothing covers it now
    await alert.scrollIntoViewIfNeeded()
    const covered = await alert.evaluate((el) => {
      const r = el.getBoundingClientRect()
      return [0.1, 0.5, 0.9].flatMap((x) =>
        [0.25, 0.75].filter((y) => {
          const hit = document.elementFromPoint(r.left + r.width * x, r.top + r.height * y)
          return hit === null || !el.contains(hit)
        }),
      ).length
    })
    expect(covered).toBe(0)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect(target().inputValue()).resolves.toBe('bobby')
  })

  it('says "Transferred to ..." when the bridge carried the transfer out', async () => {
    refusal = { status: 200, body: { ok: true } }
    try {
      respond = (route) => answer(route, THREE)
      await target().fill('amy')
      await page.keyboard.press('Escape')
      // the notice shows for 5 s: both waits run from the click on, not one after the other (a loaded host read the
      // second after those 5 s); the status one is strict, so a second region saying it fails it
      await Promise.all([
        page.getByTestId('transfer-done').filter({ hasText: 'Transferred to amy' }).waitFor(),
        page.getByRole('status').filter({ hasText: 'Transferred to amy' }).waitFor(),
        page.getByRole('button', { name: 'Transfer', exact: true }).click(),
      ])
    } finally {
      refusal = { status: 409, body: REFUSED }
    }
  })

  it('searches again at each refused transfer while the box is open with the same text, and says the outcome', async () => {
    // a text the bridge could not read (400) stays in the box: neither it nor the open list changes at the failure
    const UNREADABLE = { error: 'Transfer target "dan" is not an agent id or a routing point number' }
    refusal = { status: 400, body: UNREADABLE }
    let states = ['busy', 'ready', 'not-ready']
    respond = (route) =>
      answer(route, { targets: [{ id: 'dan', state: states[0] }], more: false, complete: true })
    await target().fill('dan')
    await suggested().filter({ hasText: 'danBusy' }).waitFor()
    const before = askedFor('dan')
    for (const [n, label] of [
      [1, 'danReady'],
      [2, 'danNot ready'],
    ] as const) {
      states = states.slice(1)
      await page.keyboard.press('Enter')
      await expect.poll(() => transfers.filter((t) => t === 'dan').length).toBe(n)
      // before, the second failure (and this one, the box open and "dan" typed) left the first answer in view
      await expect.poll(() => askedFor('dan')).toBe(before + n)
      await suggested().filter({ hasText: label }).waitFor()
      await expect.poll(() => outcome().textContent()).toBe('1 suggestion')
    }
    refusal = { status: 409, body: REFUSED }
  })
})
