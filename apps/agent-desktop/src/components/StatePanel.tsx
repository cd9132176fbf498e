// The agent's state per media: ready, not ready (with a reason) or after-call work, as the router sees it.
import { useState } from 'react'
import { desktopApi } from '../api/client.ts'
import { formatDuration, notReadyNote, stateLabel } from '../core/desktop-state.ts'
import type { MediaState, SessionView, SettableState } from '../core/types.ts'
import { useNow } from '../hooks.ts'

export const NOT_READY_REASONS = ['Break', 'Lunch', 'Meeting', 'Training', 'Coaching', 'Personal'] as const

function MediaControls({
  state,
  locked,
  onSession,
}: {
  state: MediaState
  /** Logged out from outside (a supervisor): nothing to press until the agent logs in again. */
  locked: boolean
  onSession(session: SessionView): void
}) {
  const now = useNow()
  const [reason, setReason] = useState<string>(NOT_READY_REASONS[0])
  const [error, setError] = useState<string | undefined>()
  const [pending, setPending] = useState(false)
  const id = `media-${state.media}`
  const note = notReadyNote(state)

  async function change(next: SettableState) {
    // aria-disabled while a change is under way, not disabled: a disabled button drops the keyboard focus
    if (pending) return
    setPending(true)
    setError(undefined)
    try {
      onSession(await desktopApi.setState(state.media, next, next === 'not-ready' ? reason : undefined))
    } catch (failure) {
      setError((failure as Error).message)
    } finally {
      setPending(false)
    }
  }

  const button = (value: SettableState, label: string) => (
    <button
      type="button"
      className={`ad-button ad-state-button ad-state-button--${value}`}
      aria-pressed={state.state === value}
      aria-disabled={pending}
      // disabled outright: one press would undo the supervisor's logout at serve
      disabled={locked}
      onClick={() => change(value)}
    >
      {label}
    </button>
  )

  return (
    <fieldset className="ad-media" aria-describedby={`${id}-now`} data-testid={id}>
      <legend className="ad-media__name">{state.media}</legend>
      <p id={`${id}-now`} className="ad-media__now">
        <span className={`ad-badge ad-badge--${state.state}`} data-testid={`${id}-state`}>
          {stateLabel(state.state)}
        </span>
        {note !== undefined && (
          <span className="ad-media__reason" data-testid={`${id}-reason`}>
            {note}
          </span>
        )}
        <span className="ad-muted">for {formatDuration(now - state.since)}</span>
      </p>
      <div className="ad-media__actions">
        {button('ready', 'Ready')}
        {button('after-call-work', 'After-call work')}
      </div>
      <div className="ad-media__not-ready">
        <label htmlFor={`${id}-reason`}>Not ready reason</label>
        <select
          id={`${id}-reason`}
          value={reason}
          disabled={locked}
          onChange={(e) => setReason(e.target.value)}
        >
          {NOT_READY_REASONS.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        {button('not-ready', 'Not ready')}
      </div>
      {error !== undefined && (
        <p className="ad-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  )
}

export function StatePanel({
  session,
  locked = false,
  onSession,
}: {
  session: SessionView
  /** The agent was logged out from outside (outside-logout.ts): the buttons wait for a login. */
  locked?: boolean
  onSession(s: SessionView): void
}) {
  return (
    <section className="ad-card ad-states" aria-labelledby="states-title">
      <h2 id="states-title" tabIndex={-1}>
        My state
      </h2>
      {session.media.map((m) => (
        <MediaControls key={m.media} state={m} locked={locked} onSession={onSession} />
      ))}
      {session.router !== null && (
        <p className="ad-muted" data-testid="router-state">
          Router: {stateLabel(session.router.state)}
          {Object.entries(session.router.load)
            .filter(([, n]) => n > 0)
            .map(([media, n]) => ` · ${n} ${media} ${n === 1 ? 'interaction' : 'interactions'}`)
            .join('')}
        </p>
      )}
    </section>
  )
}
