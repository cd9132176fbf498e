import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { StoreWarnings } from './StoreWarnings.tsx'

describe("the Reports view's store warnings", () => {
  it('shows each warning the store gave at its open as a note, nothing without one', () => {
    const said =
      "The PostgreSQL options of the store's URL (or PGOPTIONS) set statement_timeout=0; the store uses"
    const html = renderToStaticMarkup(<StoreWarnings warnings={[said]} />)
    expect(html).toContain('data-testid="reports-store-warning"')
    expect(html).toContain('role="note"')
    expect(html.replace(/<[^>]+>/g, '')).toBe(said.replace("'", '&#x27;'))
    expect(renderToStaticMarkup(<StoreWarnings warnings={[]} />)).toBe('')
  })
})
