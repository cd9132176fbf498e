// The wrap-up (after-call work) of one ended call: the seconds left, the dispositions as a radio group, and Done.
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { desktopApi } from '../api/client.ts'
import type { WrapUpView } from '../core/types.ts'
import { canFinish, wrapUpSecondsLeft } from '../core/wrap-up.ts'
import { useNow } from '../hooks.ts'

export function WrapUpCard({ wrap }: { wrap: WrapUpView }) {
  const now = useNow()
  const [chosen, setChosen] = useState<string | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [pending, setPending] = useState(false)
  const titleId = `wrap-${wrap.callId}-title`
  const heading = useRef<HTMLHeadingElement>(null)
  // the call's card went with the call: the keyboard lands here, and a screen reader reads the heading
  useEffect(() => heading.current?.focus(), [])
  const ready = canFinish(wrap, chosen)

  async function done(event: FormEvent) {
    event.preventDefault()
    if (pending || !ready) return
    setPending(true)
    setError(undefined)
    try {
      // the card goes when the stream says the wrap-up ended
      await desktopApi.wrapUp(wrap.callId, chosen)
    } catch (failure) {
      setError(`Could not finish the wrap-up: ${(failure as Error).message}`)
    } finally {
      setPending(false)
    }
  }

  return (
    <form className="ad-card ad-wrapup" aria-labelledby={titleId} data-testid="wrap-up" onSubmit={done}>
      <header className="ad-call__head">
        <h3 id={titleId} ref={heading} tabIndex={-1}>
          After-call work
        </h3>
        <span
          className="ad-call__timer"
          role="timer"
          aria-label="Wrap-up time left"
          data-testid="wrap-up-left"
        >
          {wrapUpSecondsLeft(wrap, now)} s left
        </span>
      </header>
      <p className="ad-muted">
        The call has ended.{' '}
        {wrap.dispositions.length > 0 ? 'Pick how it went, then Done' : 'Press Done when ready'}; with no
        Done, the call is completed without a disposition when the time runs out.
      </p>
      {wrap.dispositions.length > 0 && (
        <fieldset className="ad-wrapup__codes">
          <legend>Disposition</legend>
          {wrap.dispositions.map((d) => (
            <label key={d.code} className="ad-wrapup__code">
              <input
                type="radio"
                name={`disposition-${wrap.callId}`}
                value={d.code}
                checked={chosen === d.code}
                onChange={() => setChosen(d.code)}
              />
              {d.label}
            </label>
          ))}
        </fieldset>
      )}
      {error !== undefined && (
        <p className="ad-error" role="alert" data-testid="wrap-up-error">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="ad-button ad-button--primary"
        disabled={!ready}
        aria-disabled={pending}
      >
        {pending ? 'Finishing…' : 'Done'}
      </button>
    </form>
  )
}
