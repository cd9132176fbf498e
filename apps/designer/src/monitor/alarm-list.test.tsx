import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { AlarmList } from './AlarmList.tsx'
import type { AlarmView } from './monitor-types.ts'

const raisedAt = Date.UTC(2026, 11, 4, 21, 5, 9)
const alarm: AlarmView = {
  id: 'sl/group:support',
  rule: 'sl',
  subject: 'group:support',
  severity: 'critical',
  message: 'service level under 0.8',
  value: 0.61234,
  threshold: 0.8,
  raisedAt,
}

describe('AlarmList', () => {
  it('shows when an alarm was raised and cleared as the other notices do: a 24-hour clock, the instant machine-readable', () => {
    const html = renderToStaticMarkup(
      <AlarmList alarms={[{ ...alarm, clearedAt: raisedAt + 125_000 }]} timeZone="UTC" />,
    )
    expect(html).toContain('<time dateTime="2026-12-04T21:05:09.000Z">21:05:09</time> – ')
    expect(html).toContain('<time dateTime="2026-12-04T21:07:14.000Z">21:07:14</time>')
    expect(html).toContain('group:support: 0.61 (threshold 0.8)')
  })

  it('shows an active alarm with its raise time only', () => {
    const html = renderToStaticMarkup(<AlarmList alarms={[alarm]} timeZone="UTC" />)
    expect(html).toContain('Alarms (1 active)')
    expect(html.match(/<time /g)).toHaveLength(1)
  })
})
