// The simulated figures of each version over the measured period, beside Erlang C and Erlang A for the same load.

import { agentSpread } from '@routewright/strategy-runtime'
import { formatValue } from './chart-data.ts'
import { dayErlangFigures } from './erlang-figures.ts'
import { contactsOf, interactionOf, meanArrivalsPerHour, type SimSettings } from './sim-form.ts'
import type { SimRun } from './sim-job.ts'

interface Row {
  id: string
  label: string
  unit: 'percent' | 'seconds'
  run: (r: SimRun) => number
  erlangC?: number | undefined
  erlangA?: number | undefined
}

/** One run's agents at work: how many took calls, and how evenly. */
function agentsAtWork(run: SimRun): string {
  const s = agentSpread(run.result.byAgent ?? {})
  return `${s.tookCalls} of ${s.agents}${s.tookCalls > 1 ? `, busiest ${s.ratio.toFixed(2)}x the least` : ''}`
}

/** Under the table: Erlang pools every agent; a run that used fewer is named, with how many it used. */
function poolNote(runs: readonly SimRun[], agents: number): string {
  const pooled = `Erlang C and Erlang A pool all ${agents} agents for every call`
  const fewer = runs
    .map((r) => ({ label: r.label, spread: agentSpread(r.result.byAgent ?? {}) }))
    .filter((r) => r.spread.tookCalls < r.spread.agents)
  if (runs.length === 0)
    return `${pooled}: a strategy that routes by group or skill to fewer of them waits longer than they say.`
  if (fewer.length === 0) return `${pooled}, and every agent took calls in this run.`
  const named = fewer.map((r) => `${r.label} routed to ${r.spread.tookCalls} of them`).join(', ')
  return `${pooled}; ${named}, so ${fewer.length === 1 ? 'it waits' : 'they wait'} longer than they say.`
}

export function KpiTable({ runs, settings }: { runs: readonly SimRun[]; settings: SimSettings }) {
  const rate = meanArrivalsPerHour(settings)
  const erlang = dayErlangFigures(settings)
  const c = erlang?.erlangC
  const a = erlang?.erlangA
  const rows: Row[] = [
    {
      id: 'service-level',
      // its basis in the designer's words (the CLI's defaults, "routewright simulate's default", meant nothing here)
      label: `Service level (${settings.serviceLevelSeconds} s, of offered)`,
      unit: 'percent',
      run: (r) => r.result.serviceLevel,
      erlangC: c?.serviceLevel,
    },
    {
      // Erlang C answers every call and none abandons, so its figure is the same on either basis
      id: 'service-level-handled',
      label: `Service level (${settings.serviceLevelSeconds} s, of answered + abandoned in a queue)`,
      unit: 'percent',
      run: (r) => r.result.serviceLevelHandled,
      erlangC: c?.serviceLevel,
    },
    {
      id: 'asa',
      label: 'ASA',
      unit: 'seconds',
      run: (r) => r.result.asa,
      erlangC: c?.asa,
      erlangA: a?.averageWait,
    },
    {
      id: 'abandon-rate',
      label: 'Abandon rate',
      unit: 'percent',
      run: (r) => r.result.abandonRate,
      erlangC: 0,
      erlangA: a?.abandonRate,
    },
    {
      id: 'occupancy',
      label: 'Occupancy',
      unit: 'percent',
      run: (r) => r.result.occupancy,
      erlangC: c?.occupancy,
      erlangA: a?.occupancy,
    },
    {
      id: 'waiting',
      label: 'Waited at all',
      unit: 'percent',
      run: (r) => r.result.probabilityOfWaiting,
      erlangC: c?.probabilityOfWaiting,
      erlangA: a?.probabilityOfWaiting,
    },
  ]
  return (
    <>
      {/* the table scrolls sideways in its own box: at 1,024 px the results column is ~360 px wide */}
      <div className="rw-sim__kpis-box">
        <table className="rw-sim__kpis" data-testid="sim-kpis">
          <caption>
            <span data-testid="sim-kpis-interaction">{interactionOf(settings)}</span>:{' '}
            {settings.agents.length} agents, {rate.toFixed(1)} {contactsOf(settings.media)}/h on average,
            handle time {settings.ahtSeconds} s{erlang ? `, ${erlang.offeredLoad.toFixed(2)} Erlangs` : ''}
            {c === undefined && erlang ? ' (over capacity: Erlang C has no steady state)' : ''}
            {erlang?.overInSome
              ? ' (over capacity in some intervals: Erlang C has no steady state there and counts their calls as waiting and late)'
              : ''}
            {settings.arrivalProfile && settings.arrivalsPerHour === undefined && c
              ? '; Erlang interval by interval, weighted by calls'
              : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {runs.map((r) => (
                <th key={r.label} scope="col">
                  {r.label}
                </th>
              ))}
              <th scope="col">Erlang C</th>
              {/* Erlang A models callers who hang up: without a patience it has nothing to compute (the CLI says so too) */}
              <th scope="col">
                {settings.patienceSeconds === undefined ? 'Erlang A (needs a patience)' : 'Erlang A'}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.label}</th>
                {runs.map((r, i) => (
                  <td key={r.label} data-testid={`sim-kpi-${row.id}-${i}`}>
                    {formatValue(row.run(r), row.unit)}
                  </td>
                ))}
                <td data-testid={`sim-kpi-${row.id}-erlang-c`}>{formatValue(row.erlangC, row.unit)}</td>
                <td data-testid={`sim-kpi-${row.id}-erlang-a`}>{formatValue(row.erlangA, row.unit)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Agents that took calls</th>
              {runs.map((r, i) => (
                <td key={r.label} className="rw-sim__kpis-words" data-testid={`sim-kpi-agents-${i}`}>
                  {agentsAtWork(r)}
                </td>
              ))}
              <td>all {settings.agents.length}</td>
              <td>all {settings.agents.length}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="rw-sim__note" data-testid="sim-kpis-note">
        {poolNote(runs, settings.agents.length)}
      </p>
    </>
  )
}
