// The agent desktop: login, then the agent's state per media beside the calls routed to them (screen pop).
import { useCallback, useEffect, useReducer, useRef, useState } from 'react'
import { actFor, DesktopApiError, desktopApi, firstLiveBridge, openDesktopStream } from './api/client.ts'
import { CallCard } from './components/CallCard.tsx'
import { LoginForm } from './components/LoginForm.tsx'
import { Notice } from './components/Notice.tsx'
import { StatePanel } from './components/StatePanel.tsx'
import { WrapUpCard } from './components/WrapUpCard.tsx'
import { GONE_AFTER_FAILURES, movedHash, movedNotice, nextFailures, readMoved } from './core/bridge-move.ts'
import { INITIAL, transition } from './core/desktop-state.ts'
import { incomingAnnouncement, listWording } from './core/interaction-wording.ts'
import { logoutRetryNotice, logoutWaitMs, retriesLogout } from './core/logout-retry.ts'
import { outsideLogoutNotice } from './core/outside-logout.ts'
import { signedOutNotice } from './core/signed-out.ts'
import type { SessionView } from './core/types.ts'

/** How long "Transferred to ..." stays after a transfer: long enough to read, gone before the next call. */
const TRANSFERRED_SHOWN_MS = 5000

export function App() {
  const [state, dispatch] = useReducer(transition, INITIAL)
  const [checked, setChecked] = useState(false)
  const [announcement, setAnnouncement] = useState('')
  const [error, setError] = useState<string | undefined>()
  const agent = state.session?.agent
  const sessionId = state.session?.session
  const known = useRef(new Set<string>())
  const [moved, setMoved] = useState<string | undefined>()
  // the target of the transfer just carried out: said for a moment where the call's card was (the card goes with it)
  const [transferred, setTransferred] = useState<string | undefined>()
  useEffect(() => {
    if (transferred === undefined) return
    const timer = setTimeout(() => setTransferred(undefined), TRANSFERRED_SHOWN_MS)
    return () => clearTimeout(timer)
  }, [transferred])
  // another agent's session in this browser that this login signed out: the agent who logged in is told what became of it
  const [signedOut, setSignedOut] = useState<string | undefined>()
  // the bridge's failed answers while its stream is down, and the session the move needs (agent, other bridges)
  const failures = useRef(0)
  const moving = useRef(false)
  const current = useRef(state.session)
  current.current = state.session

  const loggedIn = useCallback((session: SessionView) => {
    dispatch({ type: 'logged-in', session })
    // a banner of the session before (its logout refused as replaced) is not this one's
    setError(undefined)
    setSignedOut(session.signedOut === undefined ? undefined : signedOutNotice(session.signedOut))
  }, [])

  /** The bridge stopped answering: the desktop opens the first other bridge's that answers, which logs it in. */
  const moveAway = useCallback(async () => {
    const session = current.current
    if (moving.current || session === undefined || !session.bridges?.length) return
    moving.current = true
    const to = await firstLiveBridge(session.bridges)
    if (to === undefined) {
      // none answers now: the next failure asks again
      moving.current = false
      return
    }
    window.location.assign(
      `${to}${movedHash({ agent: session.agent, from: session.bridge ?? window.location.host })}`,
    )
  }, [])

  const refresh = useCallback(() => {
    desktopApi.session().then(
      (session) => {
        failures.current = nextFailures(failures.current, true)
        dispatch({ type: 'session', session })
      },
      (failure: unknown) => {
        if (failure instanceof DesktopApiError && failure.status === 401) dispatch({ type: 'logged-out' })
        // no answer at all (status 0): the bridge may be gone
        if (failure instanceof DesktopApiError && failure.status === 0) {
          failures.current = nextFailures(failures.current, false)
          if (failures.current >= GONE_AFTER_FAILURES) void moveAway()
        }
      },
    )
  }, [moveAway])

  // a reload keeps the session (HttpOnly cookie): ask the API who is logged in; a desktop that moved here from a
  // gone bridge logs its agent in (this bridge then takes over the agent's calls) and says so
  useEffect(() => {
    const arrived = readMoved(window.location.hash)
    if (arrived !== undefined)
      window.history.replaceState(null, '', window.location.pathname + window.location.search)
    const start = arrived === undefined ? desktopApi.sessionIfAny() : desktopApi.login(arrived.agent)
    start.then(
      (session) => {
        if (session !== undefined) loggedIn(session)
        if (arrived !== undefined && session !== undefined)
          setMoved(movedNotice(arrived.from, session.bridge))
        setChecked(true)
      },
      (failure: unknown) => {
        if (arrived !== undefined)
          setError(
            `This desktop moved here from bridge ${arrived.from}, but could not log you in: ${(failure as Error).message}`,
          )
        setChecked(true)
      },
    )
  }, [loggedIn])

  // the login form is gone once logged in: keyboard focus goes to the agent's state, not back to the page's top
  useEffect(() => {
    if (agent !== undefined) document.getElementById('states-title')?.focus()
  }, [agent])

  // a call or wrap-up that ends takes its card and the focus in it along (Done is pressed inside the wrap-up's card):
  // the focus goes to the agent's state (after-call work, ready), not to the page's top; only when a card went and the
  // focus was lost, never on a new one (a call becoming its wrap-up keeps the count)
  const cardCount = state.calls.length + state.wrapUps.length
  const lastCardCount = useRef(cardCount)
  useEffect(() => {
    const went = cardCount < lastCardCount.current
    lastCardCount.current = cardCount
    const lost = document.activeElement === null || document.activeElement === document.body
    if (went && lost) document.getElementById('states-title')?.focus()
  }, [cardCount])

  // every change names this page's session: one a newer login in this browser replaced ends here, as its stream says
  useEffect(() => actFor(sessionId, (refusal) => dispatch({ type: 'refused', ...refusal })), [sessionId])

  useEffect(() => {
    if (agent === undefined) return
    return openDesktopStream(sessionId, {
      calls: (calls) => dispatch({ type: 'calls', calls }),
      call: (call) => {
        dispatch({ type: 'call', call })
        if (call.agent === agent && call.state === 'ringing' && !known.current.has(call.callId)) {
          known.current.add(call.callId)
          setAnnouncement(incomingAnnouncement(call))
        }
        refresh()
      },
      wrapUps: (wrapUps) => dispatch({ type: 'wrap-ups', wrapUps }),
      wrapUp: (wrapUp) => {
        dispatch({ type: 'wrap-up', wrapUp })
        // the card takes the focus (its heading read); the time it gives is said once, not each second
        if (wrapUp.outcome === undefined)
          setAnnouncement(
            `Call ended: after-call work, ${Math.round((wrapUp.endsAt - wrapUp.startedAt) / 1000)} seconds`,
          )
        refresh()
      },
      states: (media) => {
        dispatch({ type: 'states', media })
        // the Router line is serve's view of the agent, which the stream does not carry: read it with the change
        refresh()
      },
      live: (live) => {
        dispatch({ type: 'stream', live })
        // a stream refused for a session that ended elsewhere (logout in another tab) shows the login again
        if (!live) refresh()
      },
      ended: (why) =>
        dispatch({ type: 'logged-out', why, ...(sessionId === undefined ? {} : { session: sessionId }) }),
    })
  }, [agent, sessionId, refresh])

  // a logout serve did not take is tried again by itself (core/logout-retry.ts); Log out again tries at once
  const logoutRetry = useRef<{ failures: number; timer?: ReturnType<typeof setTimeout> }>({ failures: 0 })
  // a session that ended (another tab's logout, a newer login) or a page that closes stops the retries
  // biome-ignore lint/correctness/useExhaustiveDependencies: the agent changing (to none, or another) is the trigger
  useEffect(
    () => () => {
      clearTimeout(logoutRetry.current.timer)
      logoutRetry.current = { failures: 0 }
    },
    [agent],
  )

  async function logout() {
    const retry = logoutRetry.current
    clearTimeout(retry.timer)
    setError(undefined)
    try {
      await desktopApi.logout()
      retry.failures = 0
      dispatch({ type: 'logged-out' })
    } catch (failure) {
      if (failure instanceof DesktopApiError && retriesLogout(failure.status)) {
        retry.failures += 1
        const wait = logoutWaitMs(retry.failures, failure.retryAfterMs)
        setError(logoutRetryNotice(failure.message, wait))
        retry.timer = setTimeout(() => void logout(), wait)
      } else {
        retry.failures = 0
        setError((failure as Error).message)
      }
    }
  }

  /** Logged out by a supervisor (or another host) with this session still open: in again with the same agent. */
  async function loginAgain(agent: string) {
    setError(undefined)
    try {
      loggedIn(await desktopApi.login(agent))
      document.getElementById('states-title')?.focus()
    } catch (failure) {
      setError((failure as Error).message)
    }
  }

  if (!checked) return null
  if (state.session === undefined) return <LoginForm notice={state.ended} onLogin={loggedIn} />

  const session = state.session
  const list = listWording(session.media.map((m) => m.media))
  const outside = outsideLogoutNotice(session)
  return (
    <div className="ad-app">
      <header className="ad-header">
        <span className="ad-brand">Routewright · Agent desktop</span>
        <span
          className={`ad-live ad-live--${state.live && outside === undefined ? 'on' : 'off'}`}
          data-testid="stream-status"
        >
          {outside !== undefined ? 'Logged out' : state.live ? 'Connected' : 'Reconnecting…'}
        </span>
        <span className="ad-header__agent">
          Agent <strong data-testid="agent-id">{session.agent}</strong>
        </span>
        <button type="button" className="ad-button ad-button--quiet" onClick={logout}>
          Log out
        </button>
      </header>
      {moved !== undefined && (
        <Notice text={moved} testId="moved-notice" onDismiss={() => setMoved(undefined)} />
      )}
      {signedOut !== undefined && (
        <Notice text={signedOut} testId="signed-out-notice" onDismiss={() => setSignedOut(undefined)} />
      )}
      {outside !== undefined && (
        <p className="ad-notice ad-banner" role="alert" data-testid="outside-logout">
          {outside}
          <button type="button" className="ad-button" onClick={() => void loginAgain(session.agent)}>
            Log in again
          </button>
        </p>
      )}
      {error !== undefined && (
        <p className="ad-error ad-banner" role="alert">
          {error}
        </p>
      )}
      <main className="ad-main">
        <StatePanel
          session={session}
          locked={outside !== undefined}
          onSession={(s) => dispatch({ type: 'session', session: s })}
        />
        <section className="ad-calls" aria-labelledby="calls-title">
          <h2 id="calls-title">{list.heading}</h2>
          {transferred !== undefined && (
            <p className="ad-card ad-transferred" role="status" data-testid="transfer-done">
              Transferred to {transferred}
            </p>
          )}
          {state.wrapUpNotice !== undefined && (
            <p className="ad-card ad-notice" role="status" data-testid="wrap-up-notice">
              {state.wrapUpNotice}
            </p>
          )}
          {state.wrapUps.map((wrap) => (
            <WrapUpCard key={wrap.interaction} wrap={wrap} />
          ))}
          {state.calls.length === 0 && state.wrapUps.length === 0 ? (
            <p className="ad-card ad-empty" data-testid="no-call">
              {list.empty}
            </p>
          ) : (
            state.calls.map((call) => (
              <CallCard key={call.callId} call={call} onTransferred={setTransferred} />
            ))
          )}
        </section>
      </main>
      <div className="ad-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  )
}
