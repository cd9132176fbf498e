import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RefusalNotice } from './RefusalNotice.tsx'

const FIX = 'Rename or remove it: only regular files are read.'

describe('the Monitor view refused-reload notice', () => {
  it('[RW091] shows the errors and the skipped entries (path, code, what to do) with "n more", nothing without one', () => {
    const html = renderToStaticMarkup(
      <RefusalNotice
        timeZone="UTC"
        refusal={{
          at: Date.UTC(2026, 11, 4, 10, 42, 5),
          errors: [
            { file: 'a.strategy.yaml', code: 'RW301', message: 'calls "billing", which is not given.' },
          ],
          moreErrors: 2,
          skipped: [
            {
              file: 'billing.strategy.yaml',
              code: 'RW091',
              message: `not a regular file (a named pipe (FIFO)), skipped. ${FIX}`,
            },
          ],
          moreSkipped: 14,
        }}
      />,
    )
    expect(html).toContain('data-testid="monitor-refusal"')
    expect(html).toContain(
      'refused</strong> at <time dateTime="2026-12-04T10:42:05.000Z">10:42:05</time>: 3 errors;',
    )
    expect(html).toContain('<code>a.strategy.yaml</code> <strong>RW301</strong> calls &quot;billing&quot;')
    expect(html).toContain('and 2 more')
    expect(html).toContain(
      `<code>billing.strategy.yaml</code> <strong>RW091</strong> not a regular file (a named pipe (FIFO)), skipped. ${FIX}`,
    )
    expect(html).toContain('and 14 more')
    expect(renderToStaticMarkup(<RefusalNotice refusal={null} />)).toBe('')
  })

  it('leaves the skipped list out when serve skipped nothing', () => {
    const refusal = { at: 0, errors: [], moreErrors: 1, skipped: [], moreSkipped: 0 }
    const html = renderToStaticMarkup(<RefusalNotice refusal={refusal} />)
    expect(html).toContain('1 error;')
    expect(html).not.toContain('monitor-refusal-skipped')
  })
})
