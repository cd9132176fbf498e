// The Monitor view (CCPulse+'s role): connected to a running `routewright serve`, per queue and group figures with
// live charts, the agent grid, alarms raised and cleared, and live entries per node on the open strategy's canvas.
//
// data-testid: monitor-panel, monitor-url, monitor-token, monitor-supervisor (its refusal monitor-supervisor-problem),
// monitor-connect, monitor-disconnect, monitor-status (data-state = ConnectionState), monitor-error, monitor-events,
// monitor-chart-waiting, monitor-chart-rate,
// monitor-queue-<id> (cells monitor-queue-<id>-<column>; its sparklines' row monitor-queue-<id>-trend, QueueTable.tsx),
// monitor-groups, monitor-group-<id> (cells, GroupTable.tsx), monitor-agents,
// monitor-agent-<id> (data-bucket; its actions' ids in AgentActions.tsx), monitor-agents-group, monitor-agents-bucket, monitor-alarms,
// monitor-alarm-<id> (data-state active|cleared), monitor-alarms-empty, monitor-queues-empty, monitor-node-marks,
// monitor-node-summary, monitor-hint, monitor-drift, monitor-window-from and monitor-groups-window-from
// (WindowFromNote.tsx), monitor-refusal (its lists monitor-refusal-errors and
// monitor-refusal-skipped); the abandons table's ids are in AbandonReasons.tsx
import { supervisorNameProblem } from '@routewright/server/supervisor-name'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useEditor } from '../hooks/useEditor.ts'
import { memoryKey } from '../layout/panel-memory.ts'
import { usePanelMemory } from '../layout/usePanelMemory.ts'
import { type ConnectionsAnswer, REPORT_ROUTES } from '../reports/reports-protocol.ts'
import { entriesOf, heatCss } from '../simulation/heat.ts'
import { AbandonReasons } from './AbandonReasons.tsx'
import { AgentGrid } from './AgentGrid.tsx'
import { AlarmList } from './AlarmList.tsx'
import { type AgentAction, supervisorName } from './agent-actions.ts'
import { DriftNotice } from './DriftNotice.tsx'
import { GroupTable } from './GroupTable.tsx'
import { alarmList, groupRows, queueRows } from './live-model.ts'
import { checkServeUrl } from './monitor-connection.ts'
import { QueueTable } from './QueueTable.tsx'
import { RefusalNotice } from './RefusalNotice.tsx'
import { Sparkline } from './Sparkline.tsx'
import { StaleNotice } from './StaleNotice.tsx'
import { useMonitor } from './useMonitor.ts'
import { WindowFromNote } from './WindowFromNote.tsx'
import { windowNoteOf, windowSpanOf } from './window-note.ts'
import '../styles/figures-table.css'
import './monitor.css'

const STATE_TEXT = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  failed: 'Cannot connect',
} as const

/**
 * The link the view had when its tab was last closed (opening the tab again reconnects to it), and the supervisor's
 * name its actions were sent with: the designer's, not a workspace's (a running serve is watched, not its files).
 */
const MONITOR_LINK = memoryKey<{
  text: string
  target: { serve: string; token: string } | null
  supervisor: string
}>('monitor.link', 'designer')

/** The serve URL to start with: the last one, `?serve=` in the page address, else the designer's `--serve`. */
function useInitialServe(remembered: string | undefined): [string, (value: string) => void] {
  const [text, setText] = useState(
    () => remembered ?? new URLSearchParams(location.search).get('serve') ?? '',
  )
  useEffect(() => {
    if (text !== '') return
    let live = true
    fetch(REPORT_ROUTES.connections)
      .then((r) => (r.ok ? (r.json() as Promise<ConnectionsAnswer>) : null))
      .then((answer) => {
        if (live && answer?.serve) setText((current) => current || (answer.serve ?? ''))
      })
      .catch(() => {})
    return () => {
      live = false
    }
  }, [text])
  return [text, setText]
}

export function MonitorPanel() {
  const [remembered, remember] = usePanelMemory(MONITOR_LINK)
  const [text, setText] = useInitialServe(remembered?.text)
  const [token, setToken] = useState(remembered?.target?.token ?? '')
  // the token applies on Connect, not on every keystroke
  const [target, setTarget] = useState(remembered?.target ?? null)
  // the name goes with each action as typed (no Connect needed); serve's rule is checked before sending
  const [supervisor, setSupervisor] = useState(remembered?.supervisor ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  const urlField = useRef<HTMLInputElement>(null)
  const connection = useMonitor(target)
  const serve = target?.serve ?? null
  useEffect(() => {
    remember({ text, target, supervisor })
  }, [text, target, supervisor, remember])
  const name = supervisorName(supervisor)
  const nameProblem = name === undefined ? undefined : supervisorNameProblem(name)
  const setAgentState = connection?.setAgentState
  const onAction = useMemo(
    () => setAgentState && ((agent: string, action: AgentAction) => setAgentState(agent, action, name)),
    [setAgentState, name],
  )
  const strategy = useEditor((s) => s.document?.strategy)

  function connect() {
    const checked = checkServeUrl(text)
    if (typeof checked !== 'string') {
      setProblem(checked.error)
      // the keyboard user lands where the fix goes, and hears the field's error with it
      urlField.current?.focus()
      return
    }
    setProblem(null)
    setTarget({ serve: checked, token })
  }

  const model = connection?.model
  const status = connection?.status()
  const state = status?.state ?? 'idle'
  // the fields name the serve the view follows: nothing to connect to while live; edited, they connect anew
  const checkedText = checkServeUrl(text)
  const sameTarget = target !== null && checkedText === target.serve && token === target.token
  const connectLabel = !sameTarget ? 'Connect' : state === 'live' ? null : 'Reconnect'
  const serverNow = connection?.serverNow() ?? 0
  const queues = model ? queueRows(model, serverNow) : []
  const groups = model ? groupRows(model) : []
  // on the clock (the view draws every second): a partial window turns whole without a new snapshot
  const windowNote = model?.snapshot ? windowNoteOf(model.snapshot, serverNow) : null
  // the tables' captions say the span the note says, not "last 15 min" over a partial window
  const windowSpan = windowSpanOf(windowNote, model?.snapshot?.windowSeconds ?? 0)
  const samples = model?.samples ?? []
  const alarms = model ? alarmList(model) : []
  const groupIds = useMemo(() => (model?.snapshot?.groups ?? []).map((g) => g.id), [model?.snapshot])
  const lastSampleAt = samples.at(-1)?.at
  // the canvas overlay changes once a second (per sample), not per frame: restyling React Flow is not free
  // biome-ignore lint/correctness/useExhaustiveDependencies: lastSampleAt stands for the model's state at the sample
  const overlay = useMemo(() => {
    const entries = model && strategy ? entriesOf(model.liveNodes, strategy) : new Map<string, number>()
    let total = 0
    for (const n of entries.values()) total += n
    return { css: heatCss(entries, 0), nodes: entries.size, total }
  }, [model, strategy, lastSampleAt])
  const marks = overlay.css

  return (
    <section className="rw-mon" data-testid="monitor-panel" aria-label="Monitor">
      <form
        className="rw-mon__connect"
        onSubmit={(e) => {
          e.preventDefault()
          connect()
        }}
      >
        <label>
          <span>Serve address</span>
          <input
            data-testid="monitor-url"
            ref={urlField}
            value={text}
            placeholder="http://127.0.0.1:8380"
            onChange={(e) => setText(e.target.value)}
            aria-invalid={problem !== null}
            aria-describedby={problem === null ? undefined : 'rw-mon-url-problem'}
          />
        </label>
        <label>
          <span>Token</span>
          <input
            data-testid="monitor-token"
            type="password"
            value={token}
            placeholder="(none on loopback)"
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <label>
          <span>Supervisor</span>
          <input
            data-testid="monitor-supervisor"
            value={supervisor}
            placeholder="(your name, sent with actions)"
            onChange={(e) => setSupervisor(e.target.value)}
            aria-invalid={nameProblem !== undefined}
            aria-describedby={nameProblem === undefined ? undefined : 'rw-mon-supervisor-problem'}
          />
        </label>
        {connectLabel !== null && (
          <button type="submit" data-testid="monitor-connect">
            {connectLabel}
          </button>
        )}
        {serve !== null && (
          <button type="button" data-testid="monitor-disconnect" onClick={() => setTarget(null)}>
            Disconnect
          </button>
        )}
        <output className={`rw-mon__status is-${state}`} data-testid="monitor-status" data-state={state}>
          {STATE_TEXT[state]}
        </output>
        {model && (
          <span className="rw-mon__meta" data-testid="monitor-events" data-count={model.events}>
            {model.events.toLocaleString('en-US')} events
            {status && status.reconnects > 0 ? ` · ${status.reconnects} reconnects` : ''}
          </span>
        )}
      </form>
      {(problem ?? status?.error) && (
        <p
          className="rw-mon__error"
          role="alert"
          data-testid="monitor-error"
          id={problem === null ? undefined : 'rw-mon-url-problem'}
        >
          {problem ?? status?.error}
        </p>
      )}
      {nameProblem !== undefined && (
        <p
          className="rw-mon__error"
          role="alert"
          id="rw-mon-supervisor-problem"
          data-testid="monitor-supervisor-problem"
        >
          {nameProblem}; actions are not sent until it is fixed
        </p>
      )}
      {model && <StaleNotice stale={model.stale} />}
      {model && <DriftNotice drift={model.workspaceDrift} />}
      {model && <RefusalNotice refusal={model.refusal} />}
      {model?.snapshot && (
        <div className="rw-mon__body">
          <div className="rw-mon__charts">
            <figure data-testid="monitor-chart-waiting">
              {/* the number now, as the queue table's All queues row: the chart samples at most once a second, on events */}
              <figcaption>Waiting, all queues ({model.waitingTotal})</figcaption>
              <Sparkline values={samples.map((s) => s.waiting)} width={260} height={48} label="waiting" />
            </figure>
            <figure data-testid="monitor-chart-rate">
              <figcaption>Events per second ({Math.round(samples.at(-1)?.eventsPerSecond ?? 0)})</figcaption>
              <Sparkline
                values={samples.map((s) => s.eventsPerSecond)}
                width={260}
                height={48}
                label="events per second"
              />
            </figure>
          </div>
          {strategy && (
            <p
              className="rw-mon__meta rw-mon__nodes"
              data-testid="monitor-node-summary"
              data-total={overlay.total}
            >
              Live entries per node on the canvas of <strong>{strategy}</strong>, as serve counts them since
              it started:{' '}
              {overlay.nodes === 0
                ? 'no interaction has entered it yet.'
                : `${overlay.total.toLocaleString('en-US')} entries over ${overlay.nodes} nodes.`}
            </p>
          )}
          <div className="rw-mon__queues">
            <WindowFromNote note={windowNote} table="queues" />
            <QueueTable
              queues={queues}
              samples={samples}
              span={windowSpan.label}
              serviceLevelSeconds={model.snapshot.serviceLevelSeconds}
              waitingTotal={model.waitingTotal}
            />
            {queues.length === 0 && (
              <p className="rw-mon__empty" data-testid="monitor-queues-empty">
                {/* a partial window holds only what arrived since its start: "in the last 15 min" would be untrue */}
                No interaction waits or arrived {windowSpan.phrase}.
              </p>
            )}
            <AbandonReasons
              queues={queues}
              span={windowSpan.label}
              shortAbandonSeconds={model.snapshot.shortAbandonSeconds}
            />
          </div>
          <div className="rw-mon__groups">
            <WindowFromNote note={windowNote} table="groups" />
            <GroupTable groups={groups} span={windowSpan.phrase} />
          </div>
          <AgentGrid agents={model.snapshot.agents} groups={groupIds} {...(onAction ? { onAction } : {})} />
          <div>
            <AlarmList alarms={alarms} />
          </div>
        </div>
      )}
      {marks && <style data-testid="monitor-node-marks">{marks}</style>}
      {!model?.snapshot && (
        <p className="rw-mon__empty" data-testid="monitor-hint">
          {state === 'idle' ? (
            // the command as code: its backticks showed on the page as typed
            <>
              Give the address of a running <code>routewright serve</code> and Connect: its queues, groups,
              agents and alarms show here, and live entries per node on the open strategy’s canvas.
            </>
          ) : state === 'failed' ? (
            'No figures: serve did not answer. The view keeps trying.'
          ) : (
            'Reading serve’s figures…'
          )}
        </p>
      )}
    </section>
  )
}
