import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { WindowFromNote } from './WindowFromNote.tsx'

describe('the Monitor view window note', () => {
  it("says the window figures count since serve's windowFrom, nothing once it is absent", () => {
    const from = Date.UTC(2026, 11, 6, 23, 10, 5)
    const html = renderToStaticMarkup(<WindowFromNote windowFrom={from} minutes={15} timeZone="UTC" />)
    expect(html).toContain('data-testid="monitor-window-from"')
    expect(html.replace(/<[^>]+>/g, '')).toBe(
      'Window figures partial: counting since 23:10:05 (thresholds changed), not the whole 15 min',
    )
    expect(html).toContain('dateTime="2026-12-06T23:10:05.000Z"')
    expect(renderToStaticMarkup(<WindowFromNote windowFrom={undefined} minutes={15} />)).toBe('')
  })
})
