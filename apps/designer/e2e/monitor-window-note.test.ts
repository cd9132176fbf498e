// The Monitor's partial-window note against a real `routewright serve`: after a reload changed the service level
// threshold T, serve's window figures count only since then (its windowFrom). The note says so above the queue table
// and above the group table (entered and overflow out are window figures too), with when they are whole again, and
// fits a 1,024 px window. It follows the page's clock (Playwright's, moved on by the test): with serve's snapshots
// held back, the "whole in" minutes count down and the note goes once a window has passed.
import { describe, expect, it } from 'vitest'
import { DIRECTORY, supportStrategy } from '../../../packages/server/test/helpers.ts'
import { designerBesideServe, holdSnapshots, poll } from './monitor-tab.ts'

const alarms = (threshold: string) => `alarms: center
format: 1
monitor: { serviceLevelThreshold: ${threshold} }
rules:
  backlog:
    figure: waiting
    queue: group:support
    above: 5
    severity: warning
    message: More than five callers wait for support
`

const beside = designerBesideServe({
  files: { 'center.directory.yaml': DIRECTORY, 'support.strategy.yaml': supportStrategy() },
  serveFiles: { 'alarms.yaml': alarms('20s') },
})

async function ok(method: string, path: string, body: unknown = {}) {
  const reply = await beside.routing.request(method, path, body)
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300)
  return reply.body
}

const text = (id: string) => beside.page.getByTestId(id).textContent()
const count = (id: string) => beside.page.getByTestId(id).count()
/** The minutes a note says are left: "Whole in 12 min". */
const minutesLeft = async (id: string) => Number((await text(id))?.match(/Whole in (\d+) min/)?.[1])

describe('Monitor view partial-window note', () => {
  it('says above both tables since when the window counts and when it is whole, and goes on the clock', async () => {
    // a call waits and hangs up (the window holds a record), then a reload changes T: serve counts T = 30 s afresh
    await ok('POST', '/v1/interactions', { id: 'c1', strategy: 'support' })
    await ok('POST', '/v1/interactions/c1/abandon', { reason: 'caller-hangup' })
    // the record reaches serve's window after the answer: a reload before it would find nothing to count afresh
    const abandoned = async () =>
      (await beside.routing.request('GET', '/v1/monitor')).body.queues.find(
        (q: { id: string }) => q.id === 'group:support',
      )?.abandoned
    await poll(abandoned).toBe(1)
    beside.routing.workspace.write('alarms.yaml', alarms('30s'))
    await ok('POST', '/v1/reload')
    const monitor = (await beside.routing.request('GET', '/v1/monitor')).body
    expect(monitor.windowFrom).toBeTypeOf('number')
    expect(monitor.windowFromCause).toBe('thresholds-changed')
    expect(monitor.windowSeconds).toBe(900)

    // the page's clock is the test's from its next load on (it flows, and jumps when told)
    await beside.page.clock.install()
    await beside.openMonitor('support.strategy.yaml', true)
    await beside.page.setViewportSize({ width: 1024, height: 768 })
    await beside.page.getByTestId('monitor-connect').click()
    await poll(() => beside.page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')

    const queueNote = beside.page.getByTestId('monitor-window-from')
    const groupNote = beside.page.getByTestId('monitor-groups-window-from')
    await poll(() => text('monitor-window-from')).toMatch(
      /^Partial window \(thresholds changed at \d\d:\d\d:\d\d\): figures count only what arrived since \d\d:\d\d:\d\d, not the last 15 min\. Whole in \d+ min \(\d\d:\d\d:\d\d\)\.$/,
    )
    expect(await text('monitor-groups-window-from')).toMatch(
      /^Partial window \(thresholds changed at \d\d:\d\d:\d\d\): entered and overflow out count only what arrived since \d\d:\d\d:\d\d\. Whole in \d+ min/,
    )
    // 15 min from the reload, less the real time the page took to load and connect
    const left = await minutesLeft('monitor-window-from')
    expect(left).toBeGreaterThanOrEqual(13)
    expect(left).toBeLessThanOrEqual(15)
    expect(await queueNote.getAttribute('data-from')).toBe(String(monitor.windowFrom))
    // the call hung up before the reload: the empty table says since when it counts, not "in the last 15 min"
    expect(await text('monitor-queues-empty')).toMatch(
      /^No interaction waits or arrived since \d\d:\d\d:\d\d\.$/,
    )
    // the captions agree with the note: since when, not "last 15 min"
    const caption = (table: string) => beside.page.getByTestId(table).locator('caption').textContent()
    expect(await caption('monitor-queues')).toMatch(
      /^Queues \(since \d\d:\d\d:\d\d, service level T = 30 s\)$/,
    )
    expect(await caption('monitor-groups')).toMatch(/entered and overflow out since \d\d:\d\d:\d\d$/)
    // each note sits right above the table it qualifies
    const above = (note: string) =>
      beside.page.getByTestId(note).evaluate((el) => el.nextElementSibling?.getAttribute('data-testid'))
    expect(await above('monitor-window-from')).toBe('monitor-queues')
    expect(await above('monitor-groups-window-from')).toBe('monitor-groups')
    // compact at 1,024 px: each note whole and in sight, in at most two lines
    for (const note of [queueNote, groupNote]) {
      const fit = await note.evaluate((el) => {
        const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || 20
        const box = el.getBoundingClientRect()
        const panel = el.parentElement!.getBoundingClientRect()
        return {
          lines: Math.round(box.height / lineHeight),
          // its text wider than its box, or its box past the visible part of the panel
          cut: el.scrollWidth > el.clientWidth + 1 || box.right > panel.right + 1,
        }
      })
      expect(fit.lines).toBeLessThanOrEqual(2)
      expect(fit.cut).toBe(false)
    }
    await beside.session.screenshot('monitor-window-note-1024')

    // serve's snapshots held back (a refresh that does not come back): the note follows the clock alone
    const release = await holdSnapshots(beside)
    try {
      await beside.page.clock.fastForward('05:00')
      // five minutes fewer (six when a minute of real time turned meanwhile)
      await poll(() => minutesLeft('monitor-window-from')).toBeLessThanOrEqual(left - 5)
      expect(await minutesLeft('monitor-window-from')).toBeGreaterThanOrEqual(left - 6)
      expect(await minutesLeft('monitor-groups-window-from')).toBe(await minutesLeft('monitor-window-from'))
      await beside.page.clock.fastForward('10:00')
      await poll(() => count('monitor-window-from')).toBe(0)
      expect(await count('monitor-groups-window-from')).toBe(0)
      // the tables stay, now whole
      expect(await text('monitor-queues-empty')).toBe('No interaction waits or arrived in the last 15 min.')
      expect(await count('monitor-queues')).toBe(1)
      expect(await count('monitor-groups')).toBe(1)
      expect(await caption('monitor-queues')).toBe('Queues (last 15 min, service level T = 30 s)')
    } finally {
      await release()
    }
  })
})
