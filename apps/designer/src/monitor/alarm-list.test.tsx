import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { AlarmList } from './AlarmList.tsx'
import type { AlarmView } from './monitor-types.ts'

const raisedAt = Date.UTC(2026, 11, 4, 21, 5, 9)
const alarm: AlarmView = {
  id: 'sl/group:support',
  rule: 'sl',
  subject: 'group:support',
  figure: 'service-level',
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
    expect(html).toContain('group:support: 61.2% (threshold 80%)')
  })

  it.each([
    ['service-level', 0.25, 0.8, 'group:support: 25% (threshold 80%)'],
    ['abandon-rate', 0.1234, 0.1, 'group:support: 12.3% (threshold 10%)'],
    ['asa', 23.14, 20, 'group:support: 23.1 s (threshold 20 s)'],
    ['oldest-waiting', 125, 120, 'group:support: 125 s (threshold 120 s)'],
    ['waiting', 7, 5, 'group:support: 7 (threshold 5)'],
  ] as const)('shows a %s alarm in the units of the Monitor’s tables', (figure, value, threshold, text) => {
    const html = renderToStaticMarkup(<AlarmList alarms={[{ ...alarm, figure, value, threshold }]} />)
    expect(html).toContain(text)
  })

  it('shows the number as measured for a serve that does not say the figure', () => {
    const { figure: _, ...older } = alarm
    const html = renderToStaticMarkup(<AlarmList alarms={[older as typeof alarm]} />)
    expect(html).toContain('group:support: 0.61 (threshold 0.8)')
  })

  it.each([
    ['recovered', 'cleared (recovered)'],
    ['subject-gone', 'cleared (subject gone)'],
    ['rule-changed', 'cleared (rule changed)'],
  ] as const)('says why a cleared alarm cleared: %s', (clearReason, words) => {
    const html = renderToStaticMarkup(
      <AlarmList alarms={[{ ...alarm, clearedAt: raisedAt + 1000, clearReason }]} />,
    )
    expect(html).toContain(`">${words}</strong>`)
    // the words are short; the title says what serve measured to decide it
    expect(html).toMatch(/<strong data-testid="monitor-alarm-cleared" title="[^"]{20,}">/)
  })

  it('says plain "cleared" for a serve that does not give the reason, and a newer serve’s reason as it sends it', () => {
    const older = renderToStaticMarkup(<AlarmList alarms={[{ ...alarm, clearedAt: raisedAt + 1000 }]} />)
    expect(older).toContain('<strong data-testid="monitor-alarm-cleared">cleared</strong>')
    const newer = { ...alarm, clearedAt: raisedAt + 1000, clearReason: 'silenced' as never }
    expect(renderToStaticMarkup(<AlarmList alarms={[newer]} />)).toContain('>cleared (silenced)</strong>')
  })

  it('shows an active alarm with its raise time only', () => {
    const html = renderToStaticMarkup(<AlarmList alarms={[alarm]} timeZone="UTC" />)
    expect(html).toContain('Alarms (1 active)')
    expect(html.match(/<time /g)).toHaveLength(1)
  })
})
