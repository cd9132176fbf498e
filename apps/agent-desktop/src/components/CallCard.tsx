// The screen pop of one call: who calls, what the strategy attached, the CRM result, the timer, and the controls.
// Another media's interaction (a chat) pops in its own words, without the phone's controls (interaction-wording.ts).
import { type FormEvent, useState } from 'react'
import { desktopApi } from '../api/client.ts'
import {
  callClockStart,
  callWaitMs,
  formatDuration,
  holdTimeLabel,
  splitAttached,
} from '../core/desktop-state.ts'
import { interactionWording } from '../core/interaction-wording.ts'
import type { CallView } from '../core/types.ts'
import { useNow } from '../hooks.ts'
import { TransferBox } from './TransferBox.tsx'

function Pairs({ title, pairs, testId }: { title: string; pairs: Array<[string, string]>; testId: string }) {
  if (pairs.length === 0) return null
  return (
    <section className="ad-call__data" aria-label={title} data-testid={testId}>
      <h4>{title}</h4>
      <dl>
        {pairs.map(([key, value]) => (
          <div key={key} className="ad-pair">
            <dt>{key}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

export function CallCard({
  call,
  onTransferred,
}: {
  call: CallView
  /** Told the target of a transfer the bridge carried out: the card goes with the call, the desktop says where. */
  onTransferred?(to: string): void
}) {
  const now = useNow()
  const [to, setTo] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [pending, setPending] = useState<'release' | 'transfer' | 'hold' | undefined>()
  const [failedTransfers, setFailedTransfers] = useState(0)
  const { crm, other } = splitAttached(call.attached)
  const waited = callWaitMs(call)
  const titleId = `call-${call.callId}-title`
  const wording = interactionWording(call)
  // release and transfer act on the SIP dialog with the agent's phone, which exists once the phone answered
  const answered = call.state === 'talking'
  // a request under way marks the buttons aria-disabled, not disabled: a disabled button drops the keyboard focus
  const busy = pending !== undefined

  async function act(kind: 'release' | 'transfer' | 'hold', run: () => Promise<unknown>) {
    if (busy) return
    setPending(kind)
    setError(undefined)
    try {
      await run()
    } catch (failure) {
      setError((failure as Error).message)
    } finally {
      setPending(undefined)
    }
  }

  function transfer(event: FormEvent) {
    event.preventDefault()
    void act('transfer', async () => {
      const target = to.trim()
      try {
        await desktopApi.transfer(call.callId, target)
      } catch (failure) {
        // the caller is still here: the text stays (to correct a typo, or see the agent's state), searched again
        setFailedTransfers((n) => n + 1)
        throw failure
      }
      onTransferred?.(target)
    })
  }

  return (
    <article
      className={`ad-card ad-call ad-call--${call.state}${wording.phone ? '' : ' ad-call--other-media'}`}
      aria-labelledby={titleId}
      data-testid="call"
      data-media={call.media ?? 'voice'}
    >
      <header className="ad-call__head">
        <h3 id={titleId} data-testid="call-title">
          {wording.title}
        </h3>
        <span className={`ad-badge ad-badge--${call.state}`} data-testid="call-state">
          {wording.state}
        </span>
        <span className="ad-call__timer" role="timer" aria-label={wording.timer} data-testid="call-timer">
          {formatDuration(now - callClockStart(call))}
        </span>
      </header>
      <dl className="ad-call__facts">
        <div className="ad-pair">
          <dt>{wording.phone ? 'Caller (ANI)' : 'Customer'}</dt>
          <dd data-testid="call-ani">{call.ani || '—'}</dd>
        </div>
        {(wording.phone || call.dnis !== '') && (
          <div className="ad-pair">
            <dt>{wording.phone ? 'Dialled (DNIS)' : 'Entry point'}</dt>
            <dd data-testid="call-dnis">{call.dnis || '—'}</dd>
          </div>
        )}
        {call.queue !== undefined && (
          <div className="ad-pair">
            <dt>Queue</dt>
            <dd data-testid="call-queue">
              {call.queue}
              {call.target !== undefined && call.target !== call.queue && (
                <span className="ad-muted" data-testid="call-target">
                  {' '}
                  · {call.target}
                </span>
              )}
            </dd>
          </div>
        )}
        {waited !== undefined && (
          <div className="ad-pair">
            <dt>Waited</dt>
            <dd data-testid="call-waited">{formatDuration(waited)}</dd>
          </div>
        )}
        {(call.held || (call.heldMs ?? 0) > 0) && (
          <div className="ad-pair">
            <dt>{holdTimeLabel(call)}</dt>
            <dd role="timer" aria-label="Time on hold" data-testid="call-hold-timer">
              {formatDuration((call.heldMs ?? 0) + (call.held ? now - (call.heldAt ?? now) : 0))}
            </dd>
          </div>
        )}
        <div className="ad-pair">
          <dt>Interaction</dt>
          <dd className="ad-mono">{call.interaction}</dd>
        </div>
      </dl>
      <Pairs title="Customer record" pairs={crm} testId="call-crm" />
      <Pairs title="Attached data" pairs={other} testId="call-attached" />
      {error !== undefined && (
        // above the controls: the transfer box's suggestions open downwards and covered it when it was below
        <p className="ad-error ad-call__error" role="alert">
          {error}
        </p>
      )}
      {wording.phone && (
        <div className="ad-call__controls">
          <button
            type="button"
            className="ad-button ad-button--danger"
            disabled={!answered}
            aria-disabled={busy}
            onClick={() => act('release', () => desktopApi.release(call.callId))}
          >
            {pending === 'release' ? 'Releasing…' : 'Release call'}
          </button>
          <button
            type="button"
            className="ad-button"
            disabled={!answered}
            aria-disabled={busy}
            onClick={() =>
              act('hold', () => (call.held ? desktopApi.retrieve(call.callId) : desktopApi.hold(call.callId)))
            }
          >
            {pending === 'hold' ? (call.held ? 'Retrieving…' : 'Holding…') : call.held ? 'Retrieve' : 'Hold'}
          </button>
          <form className="ad-transfer" onSubmit={transfer}>
            <label htmlFor={`transfer-${call.callId}`}>Transfer to</label>
            <TransferBox
              id={`transfer-${call.callId}`}
              value={to}
              onChange={setTo}
              describedBy={`transfer-${call.callId}-help`}
              failedTransfers={failedTransfers}
            />
            <button
              type="submit"
              className="ad-button"
              disabled={!answered || to.trim() === ''}
              aria-disabled={busy}
            >
              {pending === 'transfer' ? 'Transferring…' : 'Transfer'}
            </button>
            <p id={`transfer-${call.callId}-help`} className="ad-muted ad-transfer__help">
              A routing point number (such as 7000), or part of an agent id to pick from the agents found
            </p>
          </form>
        </div>
      )}
      {wording.hint !== undefined && (
        <p className="ad-muted ad-call__hint" data-testid="call-hint">
          {wording.hint}
        </p>
      )}
    </article>
  )
}
