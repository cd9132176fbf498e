// ann signing out while her phone rings, on the real stack: the step the desktop sign-out tests share (her own Log
// out, or bob's login in the browser that holds her session) and the wait for the CANCEL of the ring it withdraws.
import { expect } from 'vitest'
import { type CallerCall, type CallView, type Child, type TelephonyStack, waitFor } from '../src/index.ts'
import { login, logout } from './desktop-client.ts'
import { request, waitForMessages } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'

/** How ann leaves during the ring: her own Log out, or bob's login in the browser that holds her session. */
export type SignOut = 'logout' | 'bob-login'

export interface SignedOutRing {
  /** The caller's sipp run (`exited`, `messageFile`). */
  callers: Child & { messageFile: string }
  /** The call that rang ann's phone. */
  callId: string
  /** ann's call as the bridge lists it now. */
  annCall: () => CallView | undefined
}

/**
 * Logs ann in at the stack's desktop (the stack started with `ready: false`), makes her ready, then the agents
 * `readyAfterAnn` (ann idle longest: the call rings her first), starts one caller's call from the start (`call` over
 * callerCall's defaults) and, once her phone rings, signs her out `by`: her logout answered 200, or bob's session
 * saying she is signed out and logged out at serve after the call. bob stays not ready unless listed.
 */
export async function signOutDuringRing(
  s: TelephonyStack,
  by: SignOut,
  call: Partial<CallerCall> = {},
  readyAfterAnn: readonly string[] = [],
): Promise<SignedOutRing> {
  const desktop = `${s.bridgeUrl}/desktop/`
  const ann = await login(desktop, 'ann')
  for (const agent of ['ann', ...readyAfterAnn])
    expect((await s.router.call('PUT', `/v1/agents/${agent}/state`, { state: 'ready' })).status).toBe(200)
  const callers = await s.call([callerCall({ startMs: 0, ...call })])
  const annCall = () => s.bridge.calls().find((c) => c.agent === 'ann')
  await waitFor("ann's phone to ring", () => annCall()?.state === 'ringing', 10_000)
  const callId = annCall()!.callId
  if (by === 'logout') expect(await logout(desktop, ann)).toEqual({ status: 200, body: { ok: true } })
  else {
    const bob = await login(desktop, 'bob', ann.cookie)
    expect(bob.session.signedOut).toEqual({ agent: 'ann', serve: 'after-call' })
  }
  return { callers, callId, annCall }
}

/**
 * Waits until ann's phone received the CANCEL of `callId`: her ring withdrawn (8 s, well before the tests' 14 s
 * ring-no-answer: withdrawn, not rung out).
 */
export async function ringWithdrawn(s: TelephonyStack, callId: string): Promise<void> {
  await waitForMessages(s.phones.find((p) => p.agent === 'ann')!.messageFile, request('CANCEL', callId), {
    direction: 'received',
    what: "the CANCEL at ann's phone",
    timeoutMs: 8000,
  })
}
