// The agent grid, virtualised: a fixed row height and only the rows in view (plus a few) in the DOM, so hundreds
// of agents cost the same per frame as a dozen; filtered by group and by the column serve counts the agent in.
import { memo, useReducer, useRef, useState } from 'react'
import { SelectField } from '../reports/SelectField.tsx'
import { ActionOutcomeLine, ActionPanel, type PendingAction, RowActions } from './AgentActions.tsx'
import { actionsTransition, isSending, NO_ACTIONS } from './action-outcome.ts'
import { type AgentAction, type AgentActionResult, logOutWarning } from './agent-actions.ts'
import type { AgentRow } from './monitor-types.ts'

const ROW = 26
const OVERSCAN = 6

/** The states set for one media only (`voice: ready`), after `lead`; none: nothing. */
function mediaText(media: AgentRow['media'], lead: string): string {
  if (!media) return ''
  const parts = Object.entries(media).map(([name, state]) => `${name}: ${state}`)
  return parts.length > 0 ? `${lead}${parts.join(', ')}` : ''
}

/** The group rows' columns (serve's agent buckets), in the order the tables show them. */
export const BUCKETS = [
  ['ready', 'Ready'],
  ['busy', 'Busy'],
  ['reserved', 'Reserved'],
  ['notReady', 'Not ready'],
  ['afterCallWork', 'ACW'],
  ['loggedOut', 'Logged out'],
] as const satisfies ReadonlyArray<readonly [AgentRow['bucket'], string]>

const BUCKET_TEXT = Object.fromEntries(BUCKETS) as Record<AgentRow['bucket'], string>

/** The rows to draw for a scroll position: [first, last) indexes. Exported for tests. */
export function visibleRange(scrollTop: number, viewport: number, count: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN)
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / ROW) + OVERSCAN)
  return [first, Math.max(first, last)]
}

export interface AgentFilter {
  /** A group id, or '' for every group. */
  group: string
  /** A bucket, or '' for every one. */
  bucket: AgentRow['bucket'] | ''
}

/** The agents a filter keeps, in serve's order. Exported for tests. */
export function filterAgents(agents: readonly AgentRow[], filter: AgentFilter): readonly AgentRow[] {
  if (filter.group === '' && filter.bucket === '') return agents
  return agents.filter(
    (a) =>
      (filter.group === '' || a.groups.includes(filter.group)) &&
      (filter.bucket === '' || a.bucket === filter.bucket),
  )
}

/**
 * The work in progress per media, then the offers the router holds for the agent (`offered 1`): a reservation is not
 * her state (serve counts the host's states, as the report does), so the row shows it here. Exported for tests.
 */
export function loadText(agent: Pick<AgentRow, 'load' | 'reserved'>): string {
  const parts = Object.entries(agent.load)
    .filter(([, n]) => n > 0)
    .map(([media, n]) => `${media} ${n}`)
  if (agent.reserved > 0) parts.push(`offered ${agent.reserved}`)
  return parts.length === 0 ? '–' : parts.join(', ')
}

/** What logging the pending agent out leaves running, from the grid's row as serve last gave it ('' for the rest). */
function warningFor(agents: readonly AgentRow[], pending: PendingAction): string {
  if (pending.kind !== 'logged-out') return ''
  const row = agents.find((a) => a.id === pending.agent)
  return row ? logOutWarning(row) : ''
}

export const AgentGrid = memo(function AgentGrid({
  agents,
  groups,
  height = 220,
  onAction,
}: {
  agents: readonly AgentRow[]
  /** Group ids to filter by. */
  groups: readonly string[]
  height?: number
  /** A supervisor's state change, sent to serve; absent: the grid is read-only. */
  onAction?: (agent: string, action: AgentAction) => Promise<AgentActionResult>
}) {
  const [scrollTop, setScrollTop] = useState(0)
  const [filter, setFilter] = useState<AgentFilter>({ group: '', bucket: '' })
  const [pending, setPending] = useState<PendingAction | null>(null)
  const [actions, dispatch] = useReducer(actionsTransition, NO_ACTIONS)
  const sent = useRef(0)
  const shown = filterAgents(agents, filter)
  const [first, last] = visibleRange(scrollTop, height, shown.length)
  async function send(agent: string, action: AgentAction) {
    if (!onAction) return
    setPending(null)
    sent.current += 1
    const seq = sent.current
    // the line says this action is under way at once: the last answer shown is not this one's
    dispatch({ type: 'started', seq, agent, action })
    let result: AgentActionResult
    // every start gets its answer, a throw or an aborted request included: her row waits for the last one in flight
    try {
      result = await onAction(agent, action)
    } catch (error) {
      result = { ok: false, error: error instanceof Error ? error.message : String(error) }
    }
    dispatch({ type: 'answered', seq, agent, action, result })
  }
  return (
    <div
      className={`rw-mon-agents${onAction ? ' has-actions' : ''}`}
      data-testid="monitor-agents"
      data-count={shown.length}
    >
      <div className="rw-mon-agents__filters">
        <strong>
          Agents ({shown.length === agents.length ? agents.length : `${shown.length} of ${agents.length}`})
        </strong>
        <SelectField
          label="Group"
          testId="monitor-agents-group"
          value={filter.group}
          options={[['', 'All'], ...groups.map((g) => [g, g] as const)]}
          onChange={(group) => setFilter({ ...filter, group })}
        />
        <SelectField<AgentFilter['bucket']>
          label="State"
          testId="monitor-agents-bucket"
          value={filter.bucket}
          options={[['', 'All'], ...BUCKETS]}
          onChange={(bucket) => setFilter({ ...filter, bucket })}
        />
      </div>
      {pending && (
        <ActionPanel
          key={`${pending.agent} ${pending.kind}`}
          pending={pending}
          warning={warningFor(agents, pending)}
          onSend={(action) => void send(pending.agent, action)}
          onCancel={() => setPending(null)}
        />
      )}
      {actions.outcome && <ActionOutcomeLine outcome={actions.outcome} />}
      <div className="rw-mon-agents__head">
        <span>Agent</span>
        <span>State</span>
        <span>Load</span>
        <span>Groups</span>
        {onAction && <span>Actions</span>}
      </div>
      <section
        className="rw-mon-agents__body"
        style={{ height }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        aria-label={`${shown.length} agents`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling list must take focus to scroll by keyboard
        tabIndex={0}
      >
        {shown.length === 0 && (
          <p className="rw-mon__empty">
            {agents.length === 0 ? 'serve knows no agent yet.' : 'No agent matches these filters.'}
          </p>
        )}
        <div style={{ height: shown.length * ROW, position: 'relative' }}>
          {shown.slice(first, last).map((agent, i) => (
            <div
              key={agent.id}
              className={`rw-mon-agent is-${agent.bucket}`}
              data-testid={`monitor-agent-${agent.id}`}
              data-state={agent.state}
              data-bucket={agent.bucket}
              style={{ top: (first + i) * ROW, height: ROW }}
            >
              <span>{agent.id}</span>
              <span title={`serve's state: ${agent.state}${mediaText(agent.media, '; ')}`}>
                {BUCKET_TEXT[agent.bucket]}
                {agent.bucket === 'busy' && agent.state !== 'busy' ? ` (${agent.state})` : ''}
                {mediaText(agent.media, ' · ')}
              </span>
              <span>{loadText(agent)}</span>
              <span>{agent.groups.join(', ')}</span>
              {onAction && (
                <RowActions
                  agent={agent.id}
                  busy={isSending(actions, agent.id)}
                  onReady={() => void send(agent.id, { state: 'ready' })}
                  onAsk={(kind) => setPending({ agent: agent.id, kind })}
                />
              )}
            </div>
          ))}
        </div>
      </section>
    </div>
  )
})
