// The desktop app's calls to a bridge's desktop API, for the real-call tests: log in, act on a call.
import { expect } from 'vitest'

export interface Desktop {
  cookie: string
  // biome-ignore lint/suspicious/noExplicitAny: tests read the session's fields one by one
  session: any
}

/**
 * Logs `agent` in at a desktop URL (`http://…/desktop/`), as the desktop app does; with `cookie`, in a browser that
 * holds that session (another agent's: that agent is signed out).
 */
export async function login(desktopUrl: string, agent: string, cookie = ''): Promise<Desktop> {
  const res = await fetch(`${desktopUrl}api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ agent }),
  })
  const session = await res.json()
  expect(res.status, JSON.stringify(session)).toBe(200)
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, session }
}

/** POSTs `action` on the call as the desktop's button does; `body` a transfer's `{ to }`. */
export async function act(
  desktopUrl: string,
  desk: Desktop,
  callId: string,
  action: string,
  body: object = {},
) {
  const res = await fetch(`${desktopUrl}api/calls/${encodeURIComponent(callId)}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: desk.cookie },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as { error?: string } }
}

/** The desktop's Log out (`desk`'s session), as its button posts it. */
export async function logout(desktopUrl: string, desk: { cookie: string }) {
  const res = await fetch(`${desktopUrl}api/logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: desk.cookie },
    body: '{}',
  })
  return { status: res.status, body: (await res.json()) as { error?: string } }
}
