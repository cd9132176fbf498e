// The Monitor's partial-window note: when it shows (on the clock, not only on serve's next snapshot) and what it says
// above the queue and the group tables.
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { AbandonReasons } from './AbandonReasons.tsx'
import { GroupTable } from './GroupTable.tsx'
import type { QueueFigures } from './monitor-types.ts'
import { QueueTable } from './QueueTable.tsx'
import { WindowFromNote } from './WindowFromNote.tsx'
import { type WindowFields, windowCauseText, windowNoteOf, windowSpanOf } from './window-note.ts'

const FROM = Date.UTC(2026, 11, 6, 23, 10, 5)
const MINUTE = 60_000

/** A snapshot's window fields: 15 min, partial since FROM unless told. */
function make(overrides: Partial<WindowFields> & Record<string, unknown> = {}): WindowFields {
  return { windowSeconds: 900, windowFrom: FROM, ...overrides }
}

const text = (html: string) => html.replace(/<[^>]+>/g, '')

describe('windowNoteOf', () => {
  it('says until when and how long a partial window has left, on the clock given', () => {
    expect(windowNoteOf(make(), FROM + 3 * MINUTE)).toEqual({
      from: FROM,
      wholeAt: FROM + 15 * MINUTE,
      minutesLeft: 12,
      windowMinutes: 15,
    })
    // part of a minute left counts as one: the note never says "in 0 min" while it shows
    expect(windowNoteOf(make(), FROM + 14 * MINUTE + 59_000)?.minutesLeft).toBe(1)
  })

  it('is gone once a window has passed since windowFrom, though the snapshot still has it', () => {
    expect(windowNoteOf(make(), FROM + 15 * MINUTE)).toBeNull()
    expect(windowNoteOf(make(), FROM + 60 * MINUTE)).toBeNull()
  })

  it.each([
    ['no windowFrom (a whole window)', { windowSeconds: 900 }],
    ['a windowFrom that is no number', make({ windowFrom: 'soon' as unknown as number })],
    ['no window length', make({ windowSeconds: 0 })],
  ])('shows nothing for %s', (_name, snapshot) => {
    expect(windowNoteOf(snapshot, FROM)).toBeNull()
  })

  it('never says more than a window is left when windowFrom is ahead of this clock', () => {
    expect(windowNoteOf(make(), FROM - 10 * MINUTE)?.minutesLeft).toBe(15)
  })

  it("reads serve's cause from windowFromCause only, made printable and cut", () => {
    expect(windowNoteOf(make({ windowFromCause: 'started' }), FROM)?.cause).toBe('started')
    // another windowFrom… field is no cause: serve has no such contract
    expect(windowNoteOf(make({ windowFromReason: 'serve-restarted' }), FROM)).not.toHaveProperty('cause')
    const hostile = windowNoteOf(make({ windowFromCause: `a\u202ebc\n${'x'.repeat(500)}` }), FROM)
    expect(hostile?.cause).toHaveLength(40)
    expect(hostile?.cause).not.toMatch(/[\u202e\n]/)
    expect(windowNoteOf(make({ windowFromCause: '  ' }), FROM)).not.toHaveProperty('cause')
    expect(windowNoteOf(make({ windowFromCause: 7 as unknown as string }), FROM)).not.toHaveProperty('cause')
  })
})

describe('the Monitor view window note', () => {
  const note = windowNoteOf(make(), FROM + 3 * MINUTE)

  it('says above the queue table what the figures count, since when, and when they are whole', () => {
    const html = renderToStaticMarkup(<WindowFromNote note={note} table="queues" timeZone="UTC" />)
    expect(html).toContain('data-testid="monitor-window-from"')
    expect(text(html)).toBe(
      'Partial window: figures count only what arrived since 23:10:05, not the last 15 min. Whole in 12 min (23:25:05).',
    )
    expect(html).toContain('dateTime="2026-12-06T23:10:05.000Z"')
    expect(html).toContain('dateTime="2026-12-06T23:25:05.000Z"')
  })

  it("says above the group table which of its figures are partial, and serve's cause when given", () => {
    const html = renderToStaticMarkup(
      <WindowFromNote note={{ ...note!, cause: 'started' }} table="groups" timeZone="UTC" />,
    )
    expect(html).toContain('data-testid="monitor-groups-window-from"')
    expect(text(html)).toBe(
      'Partial window (serve restarted at 23:10:05 (history not read back)): entered and overflow out count only what arrived since 23:10:05. Whole in 12 min (23:25:05).',
    )
  })

  it.each([
    ['thresholds-changed', 'thresholds changed at 23:10:05'],
    ['started', 'serve restarted at 23:10:05 (history not read back)'],
    ['read-cut', 'serve restarted; history read back only from 23:10:05'],
    // a newer serve's code: its words, not a guess
    ['store-moved', 'store moved'],
    ['constructor', 'constructor'],
  ])("says the cause %s in a supervisor's words", (cause, words) => {
    const partial = windowNoteOf(make({ windowFromCause: cause }), FROM + 3 * MINUTE)
    expect(windowCauseText(partial!, 'UTC')).toBe(words)
    const html = renderToStaticMarkup(<WindowFromNote note={partial} table="queues" timeZone="UTC" />)
    expect(text(html).startsWith(`Partial window (${words}): figures count only`)).toBe(true)
  })

  it('renders nothing for a whole window', () => {
    expect(renderToStaticMarkup(<WindowFromNote note={null} table="groups" />)).toBe('')
  })
})

describe("the tables' captions beside the note", () => {
  const caption = (html: string) => text(html.match(/<caption>(.*?)<\/caption>/)?.[1] ?? '')
  const captions = (note: ReturnType<typeof windowNoteOf>) => {
    const span = windowSpanOf(note, 900, 'UTC')
    const abandoned = { id: 'group:support', abandoned: 1 } as QueueFigures
    return [
      caption(
        renderToStaticMarkup(
          <QueueTable queues={[]} samples={[]} span={span.label} serviceLevelSeconds={30} waitingTotal={0} />,
        ),
      ),
      caption(renderToStaticMarkup(<GroupTable groups={[]} span={span.phrase} />)),
      caption(
        renderToStaticMarkup(
          <AbandonReasons queues={[abandoned]} span={span.label} shortAbandonSeconds={5} />,
        ),
      ),
    ]
  }

  it('say since when over a partial window, never "last 15 min" against the note', () => {
    expect(captions(windowNoteOf(make(), FROM + 3 * MINUTE))).toEqual([
      'Queues (since 23:10:05, service level T = 30 s)',
      'Groups: agents by state now; entered and overflow out since 23:10:05',
      'Abandons by reason (since 23:10:05)',
    ])
  })

  it('say the last 15 min over a whole window', () => {
    expect(captions(null)).toEqual([
      'Queues (last 15 min, service level T = 30 s)',
      'Groups: agents by state now; entered and overflow out in the last 15 min',
      'Abandons by reason (last 15 min)',
    ])
  })
})
