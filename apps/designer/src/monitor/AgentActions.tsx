// A supervisor's actions on the agent grid: each row's Ready / Not ready… / Log out… buttons, and the panel above
// the rows that asks for the not-ready reason or confirms the log out, then says what serve answered.
//
// data-testid: monitor-agent-<id>-ready, monitor-agent-<id>-not-ready, monitor-agent-<id>-log-out (row buttons),
// monitor-agent-action (the panel; data-agent), monitor-agent-action-warning (what a log out leaves running),
// monitor-agent-reason, monitor-agent-action-send,
// monitor-agent-action-cancel, monitor-agent-action-result (data-ok true|false; data-pending="true" until serve answers)
import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import type { ActionOutcome } from './action-outcome.ts'
import { type AgentAction, NOT_READY_REASONS } from './agent-actions.ts'

/** The question the panel asks, for one agent. */
export interface PendingAction {
  agent: string
  kind: 'not-ready' | 'logged-out'
}

/** The row's buttons: Ready sends at once, the other two ask first. */
export function RowActions({
  agent,
  busy,
  onReady,
  onAsk,
}: {
  agent: string
  busy: boolean
  onReady: () => void
  onAsk: (kind: PendingAction['kind']) => void
}) {
  return (
    <span className="rw-mon-agent__actions">
      <button
        type="button"
        data-testid={`monitor-agent-${agent}-ready`}
        aria-label={`Make ${agent} ready`}
        disabled={busy}
        onClick={onReady}
      >
        Ready
      </button>
      <button
        type="button"
        data-testid={`monitor-agent-${agent}-not-ready`}
        aria-label={`Make ${agent} not ready…`}
        disabled={busy}
        onClick={() => onAsk('not-ready')}
      >
        Not ready…
      </button>
      <button
        type="button"
        data-testid={`monitor-agent-${agent}-log-out`}
        aria-label={`Log ${agent} out…`}
        disabled={busy}
        onClick={() => onAsk('logged-out')}
      >
        Log out…
      </button>
    </span>
  )
}

/**
 * Asks for the reason (not ready) or a confirmation (log out) of `pending`, a log out saying first what it leaves
 * running (`warning`, logOutWarning's words; empty: nothing); Escape cancels.
 */
export function ActionPanel({
  pending,
  warning = '',
  onSend,
  onCancel,
}: {
  pending: PendingAction
  warning?: string
  onSend: (action: AgentAction) => void
  onCancel: () => void
}) {
  const [reason, setReason] = useState('')
  const first = useRef<HTMLInputElement & HTMLButtonElement>(null)
  // the question takes the focus, so a keyboard user answers it where it appears
  useEffect(() => first.current?.focus(), [])
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onCancel()
  }
  const { agent, kind } = pending
  if (kind === 'logged-out')
    return (
      <div
        className="rw-mon-agent-action"
        data-testid="monitor-agent-action"
        data-agent={agent}
        role="alertdialog"
        aria-label={`Log ${agent} out`}
        onKeyDown={onKeyDown}
      >
        {warning !== '' && (
          <span className="rw-mon-agent-action__warning" data-testid="monitor-agent-action-warning">
            {warning}
          </span>
        )}
        <span>
          Log <strong>{agent}</strong> out? The agent gets no new work until logged in again.
        </span>
        <button
          ref={first}
          type="button"
          data-testid="monitor-agent-action-send"
          onClick={() => onSend({ state: 'logged-out' })}
        >
          Log out
        </button>
        <button type="button" data-testid="monitor-agent-action-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    )
  const trimmed = reason.trim()
  return (
    <form
      className="rw-mon-agent-action"
      data-testid="monitor-agent-action"
      data-agent={agent}
      aria-label={`Make ${agent} not ready`}
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault()
        onSend(trimmed === '' ? { state: 'not-ready' } : { state: 'not-ready', reason: trimmed })
      }}
    >
      <label>
        <span>
          Reason for <strong>{agent}</strong>
        </span>
        <input
          ref={first}
          data-testid="monitor-agent-reason"
          list="rw-mon-agent-reasons"
          value={reason}
          placeholder="e.g. coaching"
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <datalist id="rw-mon-agent-reasons">
        {NOT_READY_REASONS.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <button type="submit" data-testid="monitor-agent-action-send">
        Make not ready
      </button>
      <button type="button" data-testid="monitor-agent-action-cancel" onClick={onCancel}>
        Cancel
      </button>
    </form>
  )
}

/** The outcome line: a pending action as a busy status, a refusal as an alert, a sent change as a status. */
export function ActionOutcomeLine({ outcome }: { outcome: ActionOutcome }) {
  const pending = outcome.ok === undefined
  // an older action's refusal is said too: the supervisor has to hear it even while the newer one waits
  const refused = outcome.ok === false || outcome.earlier !== undefined
  return (
    <p
      className={`rw-mon-agent-outcome${pending ? ' is-pending' : outcome.ok ? '' : ' is-refused'}`}
      data-testid="monitor-agent-action-result"
      data-ok={outcome.ok}
      data-pending={pending ? 'true' : undefined}
      role={refused ? 'alert' : 'status'}
      aria-busy={pending}
    >
      {outcome.text}
      {outcome.earlier?.map((text, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list only grows at its end until the next click
        <span key={i} className="rw-mon-agent-outcome__earlier" data-testid="monitor-agent-action-earlier">
          {` Earlier: ${text}`}
        </span>
      ))}
    </p>
  )
}
