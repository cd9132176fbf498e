import type { ScenarioReport } from '@routewright/strategy-runtime'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { firstDifference } from './failure-view.ts'
import { ReportView } from './ReportView.tsx'

const failed = (failures: ScenarioReport['failures']): ScenarioReport => ({
  name: 'a gold caller whose name is long enough to be cut in a narrow column goes to the VIP desk',
  passed: false,
  failures,
  result: {
    outcome: 'routed',
    path: ['has_tier', 'identify', 'general'],
    treatments: [],
    data: {},
    variables: {},
    events: [],
    trace: [],
  } as unknown as ScenarioReport['result'],
})

describe('the test run report', () => {
  it('finds the first step where two paths part; a matching prefix is no difference', () => {
    expect(firstDifference(['a', 'b', 'c'], ['a', 'x', 'c'])).toBe(1)
    expect(firstDifference(['a', 'b'], ['a'])).toBe(1)
    expect(firstDifference(['a'], ['a', 'b'])).toBe(-1)
    expect(firstDifference(['a'], [])).toBe(0)
  })

  it('shows a wrong path as chips, expected above actual, with the first differing step marked', () => {
    const html = renderToStaticMarkup(
      <ReportView
        scenarios={[
          failed([
            {
              field: 'path',
              expected: ['has_tier', 'use_attached', 'by_tier'],
              actual: ['has_tier', 'identify', 'general'],
              message: 'path: ...',
            },
          ]),
        ]}
      />,
    )
    expect(html).not.toContain('["has_tier"')
    expect(html).toContain('differs at step 2')
    const expected = html.slice(
      html.indexOf('data-testid="testrun-expected"'),
      html.indexOf('data-testid="testrun-actual"'),
    )
    const actual = html.slice(html.indexOf('data-testid="testrun-actual"'))
    expect(expected).toMatch(/<li class="rw-testrun__chip">has_tier<\/li>/)
    expect(expected).toMatch(/rw-testrun__chip--first" data-differs="first">use_attached</)
    expect(expected).toMatch(/data-differs="after">by_tier</)
    expect(actual).toMatch(/rw-testrun__chip--first" data-differs="first">identify</)
    // expected comes first in the markup: a stacked list, not a table's two columns
    expect(html).not.toContain('<table')
    expect(html).toContain('rw-testrun__report-name">a gold caller whose name is long enough')
  })

  it('shows a scalar failure as text, expected then actual', () => {
    const html = renderToStaticMarkup(
      <ReportView
        scenarios={[failed([{ field: 'agent', expected: 'ann', actual: 'erin', message: 'agent: ...' }])]}
      />,
    )
    expect(html).toMatch(/testrun-expected">ann<\/dd>.*testrun-actual">erin<\/dd>/)
    expect(html).not.toContain('differs at step')
  })
})
