import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RefusalNotice } from './RefusalNotice.tsx'
import { refusalOf } from './reload-refusal.ts'

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

  it.each([
    // serve sends at most 20 entries and the total beside them: 5 rows shown, the other 995 are "n more"
    { sent: 20, skippedTotal: 1000, more: 'and 995 more' },
    // a serve without the total: the entries it sent are all the view knows of
    { sent: 20, skippedTotal: undefined, more: 'and 15 more' },
  ])(
    '[RW091] counts "n more" skipped from serve\'s total, not the capped list ($sent sent, total $skippedTotal)',
    ({ sent, skippedTotal, more }) => {
      const fifo = (n: number) => ({
        code: 'RW091',
        file: `p${n}.strategy.yaml`,
        message: 'not a regular file',
      })
      const refusal = refusalOf({
        type: 'reload-refused',
        at: 0,
        errors: 1,
        diagnostics: [],
        skipped: Array.from({ length: sent }, (_, n) => fifo(n)),
        ...(skippedTotal === undefined ? {} : { skippedTotal }),
      })
      const html = renderToStaticMarkup(<RefusalNotice refusal={refusal} />)
      expect(html.match(/<li>.*?<\/li>/g)?.filter((row) => row.includes('RW091'))).toHaveLength(5)
      expect(html).toContain(`<li class="rw-mon__meta">${more}</li>`)
    },
  )

  it('leaves the skipped list out when serve skipped nothing', () => {
    const refusal = { at: 0, errors: [], moreErrors: 1, skipped: [], moreSkipped: 0 }
    const html = renderToStaticMarkup(<RefusalNotice refusal={refusal} />)
    expect(html).toContain('1 error;')
    expect(html).not.toContain('monitor-refusal-skipped')
  })
})
