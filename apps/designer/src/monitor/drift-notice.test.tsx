import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DriftNotice } from './DriftNotice.tsx'

describe('the Monitor view drift notice', () => {
  it("shows serve's warning and both versions while the workspaces differ, nothing otherwise", () => {
    const html = renderToStaticMarkup(
      <DriftNotice
        drift={{
          current: 'aaaaaaaaaaaa1111',
          workspace: 'bbbbbbbbbbbb2222',
          warning: 'Start every process on the same files, or POST /v1/reload on this one.',
        }}
      />,
    )
    expect(html).toContain('data-testid="monitor-drift"')
    expect(html).toContain('POST /v1/reload on this one.')
    expect(html).toContain('routing on aaaaaaaaaaaa')
    expect(html).toContain('files bbbbbbbbbbbb')
    expect(renderToStaticMarkup(<DriftNotice drift={null} />)).toBe('')
  })
})
