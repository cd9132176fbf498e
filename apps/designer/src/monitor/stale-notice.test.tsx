import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { StaleNotice } from './StaleNotice.tsx'

describe('the Monitor view stale notice', () => {
  it("says since when serve's figures may be stale while Redis is unreachable, nothing once fresh", () => {
    const since = Date.UTC(2026, 11, 2, 10, 42, 5)
    const html = renderToStaticMarkup(
      <StaleNotice stale={{ reason: 'redis-unreachable', since }} timeZone="UTC" />,
    )
    expect(html).toContain('data-testid="monitor-stale"')
    expect(html.replace(/<[^>]+>/g, '')).toContain('Figures may be stale: Redis unreachable since 10:42:05')
    expect(html).toContain('dateTime="2026-12-02T10:42:05.000Z"')
    expect(renderToStaticMarkup(<StaleNotice stale={null} />)).toBe('')
  })
})
