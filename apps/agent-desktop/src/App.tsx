// The agent desktop: login, then the agent's state per media beside the calls routed to them (screen pop).
import { useCallback, useEffect, useReducer, useRef, useState } from 'react'
import { DesktopApiError, desktopApi, openDesktopStream } from './api/client.ts'
import { CallCard } from './components/CallCard.tsx'
import { LoginForm } from './components/LoginForm.tsx'
import { StatePanel } from './components/StatePanel.tsx'
import { INITIAL, transition } from './core/desktop-state.ts'
import type { SessionView } from './core/types.ts'

export function App() {
  const [state, dispatch] = useReducer(transition, INITIAL)
  const [checked, setChecked] = useState(false)
  const [announcement, setAnnouncement] = useState('')
  const [error, setError] = useState<string | undefined>()
  const agent = state.session?.agent
  const known = useRef(new Set<string>())

  const refresh = useCallback(() => {
    desktopApi.session().then(
      (session) => dispatch({ type: 'session', session }),
      (failure: unknown) => {
        if (failure instanceof DesktopApiError && failure.status === 401) dispatch({ type: 'logged-out' })
      },
    )
  }, [])

  // a reload keeps the session (HttpOnly cookie): ask the API who is logged in
  useEffect(() => {
    desktopApi.session().then(
      (session) => {
        dispatch({ type: 'logged-in', session })
        setChecked(true)
      },
      () => setChecked(true),
    )
  }, [])

  // the login form is gone once logged in: keyboard focus goes to the agent's state, not back to the page's top
  useEffect(() => {
    if (agent !== undefined) document.getElementById('states-title')?.focus()
  }, [agent])

  useEffect(() => {
    if (agent === undefined) return
    return openDesktopStream({
      calls: (calls) => dispatch({ type: 'calls', calls }),
      call: (call) => {
        dispatch({ type: 'call', call })
        if (call.agent === agent && call.state === 'ringing' && !known.current.has(call.callId)) {
          known.current.add(call.callId)
          setAnnouncement(`Incoming call from ${call.ani || 'an unknown number'}`)
        }
        refresh()
      },
      states: (media) => dispatch({ type: 'states', media }),
      live: (live) => {
        dispatch({ type: 'stream', live })
        // a stream refused for a session that ended elsewhere (logout in another tab) shows the login again
        if (!live) refresh()
      },
    })
  }, [agent, refresh])

  async function logout() {
    setError(undefined)
    try {
      await desktopApi.logout()
      dispatch({ type: 'logged-out' })
    } catch (failure) {
      setError((failure as Error).message)
    }
  }

  if (!checked) return null
  if (state.session === undefined)
    return <LoginForm onLogin={(session: SessionView) => dispatch({ type: 'logged-in', session })} />

  const session = state.session
  return (
    <div className="ad-app">
      <header className="ad-header">
        <span className="ad-brand">Routewright · Agent desktop</span>
        <span className={`ad-live ad-live--${state.live ? 'on' : 'off'}`} data-testid="stream-status">
          {state.live ? 'Connected' : 'Reconnecting…'}
        </span>
        <span className="ad-header__agent">
          Agent <strong data-testid="agent-id">{session.agent}</strong>
        </span>
        <button type="button" className="ad-button ad-button--quiet" onClick={logout}>
          Log out
        </button>
      </header>
      {error !== undefined && (
        <p className="ad-error ad-banner" role="alert">
          {error}
        </p>
      )}
      <main className="ad-main">
        <StatePanel session={session} onSession={(s) => dispatch({ type: 'session', session: s })} />
        <section className="ad-calls" aria-labelledby="calls-title">
          <h2 id="calls-title">Calls</h2>
          {state.calls.length === 0 ? (
            <p className="ad-card ad-empty" data-testid="no-call">
              No call right now. Calls the router sends you appear here with the caller's data.
            </p>
          ) : (
            state.calls.map((call) => <CallCard key={call.callId} call={call} agents={session.agents} />)
          )}
        </section>
      </main>
      <div className="ad-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  )
}
