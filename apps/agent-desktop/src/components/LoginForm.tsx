// The login screen: the agent types the id the directory knows them by; after a session ended, it says why.
import { type FormEvent, useState } from 'react'
import { desktopApi } from '../api/client.ts'
import type { SessionView } from '../core/types.ts'

export function LoginForm({
  notice,
  onLogin,
}: {
  /** Why the last session ended (the bridge's words), if it did while this desktop was open. */
  notice?: string | undefined
  onLogin(session: SessionView): void
}) {
  const [agent, setAgent] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      onLogin(await desktopApi.login(agent.trim()))
    } catch (failure) {
      setError((failure as Error).message)
      setBusy(false)
    }
  }

  return (
    <main className="ad-login">
      <form className="ad-card ad-login__form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Agent desktop</h1>
        {notice !== undefined && (
          <p className="ad-notice" role="status" data-testid="session-ended">
            {notice}
          </p>
        )}
        <p className="ad-muted">Log in with your agent id from the directory.</p>
        <label htmlFor="agent-id">Agent id</label>
        <input
          id="agent-id"
          name="agent"
          autoComplete="username"
          // biome-ignore lint/a11y/noAutofocus: the only field of the screen; the agent types at once
          autoFocus
          required
          value={agent}
          onChange={(e) => setAgent(e.target.value)}
          aria-invalid={error !== undefined}
          aria-describedby={error === undefined ? undefined : 'login-error'}
        />
        {error !== undefined && (
          <p id="login-error" className="ad-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="ad-button ad-button--primary" disabled={busy || agent.trim() === ''}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  )
}
