import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { KpiTable } from './KpiTable.tsx'
import type { SimSettings } from './sim-form.ts'

const settings: SimSettings = {
  arrivalsPerHour: 60,
  ahtSeconds: 180,
  durationHours: 1,
  warmupHours: 0,
  serviceLevelSeconds: 20,
  intervalMinutes: 15,
  seed: 1,
  agents: Array.from({ length: 10 }, (_, i) => `agent${i}`),
}

describe('the simulation figures', () => {
  it('say under Erlang C and A that they pool every agent picked, which a strategy routing by group may not', () => {
    const html = renderToStaticMarkup(<KpiTable runs={[]} settings={settings} />)
    expect(html).toContain('<th scope="col">Erlang C</th>')
    expect(html).toMatch(
      /data-testid="sim-kpis-note">Erlang C and Erlang A pool all 10 agents for every call: a strategy that routes by group or skill to fewer of them waits longer than they say\.<\/p>/,
    )
  })
})
