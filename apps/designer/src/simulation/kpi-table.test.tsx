import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { formatValue } from './chart-data.ts'
import { KpiTable } from './KpiTable.tsx'
import type { SimSettings } from './sim-form.ts'
import { runJob } from './sim-job.ts'

const settings: SimSettings = {
  arrivalsPerHour: 60,
  ahtSeconds: 180,
  durationHours: 1,
  warmupHours: 0,
  serviceLevelSeconds: 20,
  intervalMinutes: 15,
  seed: 1,
  media: 'voice',
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

  it('say in the Erlang A column why it is all dashes without a patience, and name it plainly with one', () => {
    const without = renderToStaticMarkup(<KpiTable runs={[]} settings={settings} />)
    expect(without).toContain('<th scope="col">Erlang A (needs a patience)</th>')
    const withPatience = renderToStaticMarkup(
      <KpiTable runs={[]} settings={{ ...settings, patienceSeconds: 120 }} />,
    )
    expect(withPatience).toContain('<th scope="col">Erlang A</th>')
  })

  it('say how many agents each version used, and name the version that used fewer than Erlang pools', () => {
    const directory: DirectoryDocument = {
      directory: 'floor',
      format: 1,
      groups: { sales: {}, all: {} },
      agents: Object.fromEntries(
        settings.agents.map((id, i) => [id, { groups: i < 4 ? ['sales', 'all'] : ['all'] }]),
      ),
    }
    const to = (group: string) =>
      ({
        strategy: 'inbound',
        format: 1,
        start: 'pick',
        nodes: { pick: { type: 'target', targets: [{ group }] } },
      }) as unknown as StrategyDocument
    const runs = runJob(
      {
        versions: [
          { label: 'edited', document: to('sales') },
          { label: 'saved', document: to('all') },
        ],
        strategies: [],
        directory,
        settings: { ...settings, durationHours: 4 },
      },
      () => {},
    )
    const html = renderToStaticMarkup(<KpiTable runs={runs} settings={settings} />)
    expect(html).toMatch(/data-testid="sim-kpi-agents-0">4 of 10, busiest [\d.]+x the least</)
    expect(html).toMatch(/data-testid="sim-kpi-agents-1">10 of 10, busiest [\d.]+x the least</)
    expect(html).toContain(
      'data-testid="sim-kpis-note">Erlang C and Erlang A pool all 10 agents for every call; edited routed to 4 of them, so it waits longer than they say.</p>',
    )
    const even = renderToStaticMarkup(<KpiTable runs={runs.slice(1)} settings={settings} />)
    expect(even).toContain('pool all 10 agents for every call, and every agent took calls in this run.</p>')
  })
})

describe('the service level rows', () => {
  it('show the figure on both bases, each labelled with its basis', () => {
    const directory: DirectoryDocument = {
      directory: 'floor',
      format: 1,
      groups: { all: {} },
      agents: { ann: { groups: ['all'] }, bo: { groups: ['all'] } },
    }
    const pool = {
      strategy: 'inbound',
      format: 1,
      start: 'pick',
      // a call not answered within 20 s ends (outcome other): counted in offered, left out of handled
      nodes: {
        pick: { type: 'target', targets: [{ group: 'all' }], wait: '20s', next: { timeout: 'done' } },
        done: { type: 'end' },
      },
    } as unknown as StrategyDocument
    const day = {
      ...settings,
      agents: ['ann', 'bo'],
      arrivalsPerHour: 50,
      patienceSeconds: 30,
      durationHours: 4,
    }
    const [run] = runJob(
      { versions: [{ label: 'edited', document: pool }], strategies: [], directory, settings: day },
      () => {},
    )
    const { serviceLevel, serviceLevelHandled } = run!.result
    expect(serviceLevelHandled).not.toBeCloseTo(serviceLevel, 3)
    const html = renderToStaticMarkup(<KpiTable runs={[run!]} settings={day} />)
    const percent = (n: number) => formatValue(n, 'percent')
    expect(html).toContain(
      // the designer's words, not the CLI's defaults ("routewright simulate's default" named a command here)
      `<th scope="row">Service level (20 s, of offered)</th><td data-testid="sim-kpi-service-level-0">${percent(serviceLevel)}</td>`,
    )
    expect(html).toContain(
      `<th scope="row">Service level (20 s, of answered + abandoned in a queue)</th><td data-testid="sim-kpi-service-level-handled-0">${percent(serviceLevelHandled)}</td>`,
    )
  })
})
