// The simulation panel: traffic on the open strategy (arrivals per hour or a profile over the day, handle time,
// patience, the agents logged in), run by the runtime's simulate in a web worker with progress and cancel; service
// level, ASA, abandon rate and occupancy over time beside Erlang C / Erlang A; traffic per node as a heat overlay;
// a second version (the saved file, another strategy) on the same seed, side by side.
// test ids: sim-panel, sim-mode, sim-arrivals, sim-profile-minutes, sim-profile, sim-typical-day, sim-aht,
//   sim-patience, sim-duration, sim-warmup, sim-sl, sim-report, sim-seed, sim-media, sim-priority, sim-data, sim-dnis,
//   sim-ani, sim-start,
//   sim-functions, sim-agent-count, sim-agent-<id>,
//   sim-compare, sim-run, sim-cancel, sim-progress, sim-status, sim-error-<field>, sim-kpis, sim-kpi-<row>-<col>,
//   sim-kpis-interaction, sim-chart-<id>, sim-heat, sim-heat-marks, sim-warnings, sim-refusal
import { assertNever, type StrategyDocument } from '@routewright/strategy-dsl'
import { agentCapacityOf } from '@routewright/strategy-runtime'
import { useEffect, useMemo, useState } from 'react'
import { memoryKey } from '../layout/panel-memory.ts'
import { usePanelMemory } from '../layout/usePanelMemory.ts'
import { chartData } from './chart-data.ts'
import { doneText } from './done-text.ts'
import { entriesOf, heatCss } from './heat.ts'
import { KpiTable } from './KpiTable.tsx'
import { SimChart } from './SimChart.tsx'
import { SimFields, simFieldTestId } from './SimFields.tsx'
import { SimRefusal } from './SimRefusal.tsx'
import { SimWarnings } from './SimWarnings.tsx'
import { rowsBelow, useSettingsBelow } from './settings-below.ts'
import SimWorker from './sim.worker.ts?worker'
import {
  DEFAULT_FORM,
  type FormField,
  firstOnScreen,
  formErrorsText,
  readForm,
  type SimForm,
} from './sim-form.ts'
import { refusalOf, type SimFinding, type SimJob, type SimRun, type SimVersion } from './sim-job.ts'
import { createSimulationRunner, type SimOutcome } from './sim-runner.ts'
import { useSimulationSources } from './useSimulationSources.ts'
import './simulation.css'

type Status =
  | { state: 'idle' }
  | { state: 'running'; progress: number }
  | { state: 'done'; runs: SimRun[]; form: SimForm }
  | { state: 'cancelled' }
  | { state: 'error'; message: string }
  /**
   * Not run: the open text has errors (the runtime would refuse it; a text that does not parse is not what ran), or
   * the version to compare with has: the saved file, or another strategy (its id and file).
   */
  | { state: 'invalid'; errors: number; of?: 'saved' | { strategy: string; file: string | undefined } }
  /** Not run: the traffic check found errors (RW490, RW491), as `routewright simulate` refuses them. */
  | { state: 'refused'; findings: SimFinding[]; labelled: boolean; media: string }

/** The form outlives the panel (tabs unmount it), for each strategy of the workspace: its agents are the directory's. */
const SIM_FORM = memoryKey<SimForm>('simulation.form', 'workspace')

export function SimulationPanel() {
  const sources = useSimulationSources()
  const { document, directory, strategies, saved, savedErrors, dirty, file, errors: textErrors } = sources
  const { otherStrategyErrors } = sources
  const agentIds = useMemo(() => Object.keys(directory?.agents ?? {}), [directory])
  // the media the directory's agents take (their capacity, as the router derives it), voice first as the default
  const directoryMedia = useMemo(
    () => [...new Set(['voice', ...agentIds.flatMap((a) => agentCapacityOf(directory, a).media)])],
    [agentIds, directory],
  )
  const [kept, keep] = usePanelMemory(SIM_FORM)
  const [form, setFormState] = useState<SimForm>(() => kept ?? { ...DEFAULT_FORM, agents: agentIds })
  const setForm = (next: SimForm) => {
    keep(next)
    setFormState(next)
  }
  const [compare, setCompare] = useState<string>('none')
  const [status, setStatus] = useState<Status>({ state: 'idle' })
  const [heat, setHeat] = useState(true)
  const { formRef, barRef, below } = useSettingsBelow()
  const runner = useMemo(() => createSimulationRunner(() => new SimWorker()), [])
  useEffect(() => () => runner.cancel(), [runner])
  // a directory that arrives after the panel opened: log everyone in
  useEffect(() => {
    if (form.agents.length === 0 && agentIds.length > 0 && !kept)
      setFormState((f) => ({ ...f, agents: agentIds }))
  }, [agentIds, form.agents.length, kept])

  const read = useMemo(() => readForm(form), [form])
  const errors: Partial<Record<FormField, string>> = read.ok ? {} : read.errors
  const others = useMemo(
    () => [...strategies.values()].filter((s) => s.strategy !== document?.strategy),
    [strategies, document],
  )

  if (!file || !document) {
    return <p className="rw-sim__hint">Open a strategy that parses to try traffic on it.</p>
  }
  if (!directory) {
    return (
      <p className="rw-sim__hint" data-testid="sim-panel">
        The simulation needs the agents of a directory: add a <code>*.directory.yaml</code> to the workspace.
      </p>
    )
  }

  const versions = (): SimVersion[] | string => {
    const mine: SimVersion = { label: dirty ? 'edited' : 'this version', document }
    if (compare === 'none') return [mine]
    if (compare === 'saved') {
      if (!saved) return 'The saved file does not parse, so it cannot be simulated.'
      return [mine, { label: 'saved', document: saved }]
    }
    const other = strategies.get(compare)
    return other
      ? [mine, { label: other.strategy, document: other }]
      : `Strategy ${compare} is not in the workspace.`
  }

  async function run() {
    if (!read.ok || !directory) return
    if (textErrors > 0) {
      setStatus({ state: 'invalid', errors: textErrors })
      return
    }
    // before, a saved version with a CEL error came back from the runtime as 'The simulation failed: createRouter ...'
    if (compare === 'saved' && savedErrors > 0) {
      setStatus({ state: 'invalid', errors: savedErrors, of: 'saved' })
      return
    }
    // before, another strategy with errors was taken as parsed and the runtime's createRouter refused it
    const other = compare === 'none' || compare === 'saved' ? undefined : otherStrategyErrors(compare)
    if (other !== undefined && other.errors > 0) {
      setStatus({ state: 'invalid', errors: other.errors, of: { strategy: compare, file: other.file } })
      return
    }
    const chosen = versions()
    if (typeof chosen === 'string') {
      setStatus({ state: 'error', message: chosen })
      return
    }
    const strategiesForJob: StrategyDocument[] = [...strategies.values()]
    const job: SimJob = { versions: chosen, strategies: strategiesForJob, directory, settings: read.settings }
    const findings = refusalOf(job)
    if (findings.length > 0) {
      setStatus({ state: 'refused', findings, labelled: chosen.length > 1, media: read.settings.media })
      return
    }
    setStatus({ state: 'running', progress: 0 })
    const outcome: SimOutcome = await runner.run(job, (progress) =>
      setStatus((s) => (s.state === 'running' ? { state: 'running', progress } : s)),
    )
    if (outcome.status === 'done') setStatus({ state: 'done', runs: outcome.runs, form })
    else if (outcome.status === 'cancelled') setStatus({ state: 'cancelled' })
    else setStatus({ state: 'error', message: outcome.message })
  }

  const done = status.state === 'done' ? status : undefined
  const doneSettings = done ? readForm(done.form) : undefined
  const charts = done && doneSettings?.ok ? chartData(done.runs, doneSettings.settings) : undefined
  const heatRules =
    done && heat && done.runs[0]
      ? heatCss(entriesOf(done.runs[0].result.nodeEntries, done.runs[0].strategy), arrivalsOf(done.runs[0]))
      : ''

  return (
    <section className="rw-sim" data-testid="sim-panel" aria-label="Simulation">
      <form
        ref={formRef}
        className="rw-sim__form"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <SimFields
          form={form}
          errors={errors}
          setForm={setForm}
          agentIds={agentIds}
          directoryMedia={directoryMedia}
        />
        <label className="rw-sim__field">
          <span>Compare with</span>
          <select data-testid="sim-compare" value={compare} onChange={(e) => setCompare(e.target.value)}>
            <option value="none">nothing (this version only)</option>
            <option value="saved" disabled={!saved}>
              the saved file{dirty ? '' : ' (same as open)'}
            </option>
            {others.map((s) => (
              <option key={s.strategy} value={s.strategy}>
                strategy {s.strategy}
              </option>
            ))}
          </select>
        </label>
        {/* pinned to the panel's bottom edge: Run stays in view however far the fields above it scroll */}
        <div className="rw-sim__run" ref={barRef}>
          <div className="rw-sim__actions">
            <button type="submit" data-testid="sim-run" disabled={!read.ok || status.state === 'running'}>
              Run simulation
            </button>
            <button
              type="button"
              data-testid="sim-cancel"
              disabled={status.state !== 'running'}
              onClick={() => runner.cancel()}
            >
              Cancel
            </button>
            {below.count > 0 && (
              // the list is cut mid-row at the panel's default height: say that more settings follow, and which;
              // on Run's line, so saying so hides no further row
              <button
                type="button"
                className="rw-sim__more"
                data-testid="sim-more"
                title={`${below.count} more settings below${below.next ? `, next: ${below.next}` : ''}`}
                aria-label={`${below.count} more settings below${below.next ? `, next: ${below.next}` : ''}`}
                onClick={(e) => showNextBelow(e.currentTarget)}
              >
                ↓ {below.count} more
              </button>
            )}
          </div>
          {status.state === 'running' && (
            <progress
              data-testid="sim-progress"
              max={1}
              value={status.progress}
              aria-label="Simulation progress"
            />
          )}
          <p className="rw-sim__status" data-testid="sim-status" data-state={status.state} role="status">
            {read.ok || status.state === 'running' ? statusText(status) : formErrorsText(read.errors)}
          </p>
          {!read.ok && status.state !== 'running' && (
            // the fields scroll inside the panel: the one the line names may be out of sight while Run is disabled
            <button
              type="button"
              data-testid="sim-error-show"
              onClick={(e) => showFirstError(e.currentTarget, read.errors)}
            >
              Show the field
            </button>
          )}
        </div>
      </form>
      <div className="rw-sim__results">
        {status.state === 'refused' && (
          <SimRefusal findings={status.findings} labelled={status.labelled} media={status.media} />
        )}
        {done && doneSettings?.ok && (
          <>
            <KpiTable runs={done.runs} settings={doneSettings.settings} />
            <SimWarnings runs={done.runs} />
            <label className="rw-sim__toggle">
              <input
                type="checkbox"
                data-testid="sim-heat"
                checked={heat}
                onChange={(e) => setHeat(e.target.checked)}
              />{' '}
              Traffic per node on the canvas ({done.runs[0]?.label})
            </label>
          </>
        )}
        {charts && (
          <div className="rw-sim__charts">
            {charts.charts.map((spec) => (
              <SimChart key={spec.id} hours={charts.hours} spec={spec} />
            ))}
          </div>
        )}
      </div>
      {heatRules && <style data-testid="sim-heat-marks">{heatRules}</style>}
    </section>
  )
}

/** Arrivals of a run over the whole simulated time (warm-up included), the base of the heat overlay's shares. */
function arrivalsOf(run: SimRun): number {
  return run.result.intervals.reduce((sum, i) => sum + i.offered, 0)
}

/** Brings the field the status line names (the first in error on screen) into view and focuses it. */
/** Scrolls the first setting hidden under the Run bar to the top of the panel. */
function showNextBelow(from: HTMLElement): void {
  const bar = from.closest('.rw-sim__run')
  const form = from.closest('form')
  if (bar && form) rowsBelow(form, bar)[0]?.scrollIntoView({ block: 'start' })
}

function showFirstError(from: HTMLElement, errors: Partial<Record<FormField, string>>): void {
  const field = firstOnScreen(errors)
  if (field === undefined) return
  const first = from.closest('form')?.querySelector<HTMLElement>(`[data-testid="${simFieldTestId(field)}"]`)
  if (!first) return
  first.scrollIntoView({ block: 'center' })
  first.focus()
}

/** Why nothing ran: the open text's errors, or those of the version to compare with (named, with its file). */
function invalidText({ errors, of }: Extract<Status, { state: 'invalid' }>): string {
  const count = `${errors} error${errors === 1 ? '' : 's'}`
  if (of === 'saved')
    return `Not run: the saved version to compare with has ${count}. Save a version without errors, or compare with something else.`
  if (of !== undefined) {
    const where = of.file === undefined ? '' : ` (${of.file})`
    return `Not run: strategy ${of.strategy} to compare with${where} has ${count}. Open it and fix what Problems lists, or compare with something else.`
  }
  return `Not run: the strategy has ${count}. Fix what Problems lists, then run again.`
}

function statusText(status: Status): string {
  switch (status.state) {
    case 'idle':
      return 'Set the traffic and run.'
    case 'running':
      return `Simulating… ${Math.round(status.progress * 100)}%`
    case 'done':
      return doneText(
        status.runs.map((r) => ({
          label: r.label,
          offered: r.result.offered,
          other: r.result.other,
          ...(r.result.otherBy ? { otherBy: r.result.otherBy } : {}),
        })),
        status.form.media,
      )
    case 'cancelled':
      return 'Cancelled.'
    case 'error':
      return `The simulation failed: ${status.message}`
    case 'invalid':
      return invalidText(status)
    case 'refused':
      return 'Not run: no call of this traffic could reach an agent. Change what the finding below names, then run again.'
    default:
      return assertNever(status, 'simulation status')
  }
}
