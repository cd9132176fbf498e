// The transfer tests' "two legs under one caller tag" setup: ann's call transferred to dan by a caller that sends
// dan's INVITE first and keeps its From tag, so both legs share Kamailio's Call-ID|tag key.
import { expect } from 'vitest'
import { type TelephonyStack, waitFor } from '../src/index.ts'
import { callerCall } from './relayed-stack.ts'

/** Sets `agent`'s state at the router, expecting it taken. */
export async function setAgentState(s: TelephonyStack, agent: string, state: string): Promise<void> {
  expect((await s.router.call('PUT', `/v1/agents/${agent}/state`, { state })).status).toBe(200)
}

export interface LegsUnderOneTag {
  /** The caller waits for the bridge's release of ann's leg instead of sending its BYE of it. */
  oldLegReleased?: boolean
  /** Runs once dan is ready, just before the transfer is asked (a hook on the bridge's Kamailio events). */
  beforeTransfer?: () => void
  /** false: return once the transfer is asked, not once the next leg talks with dan. Default true. */
  untilNextTalks?: boolean
  /** The longest wait for ann's leg talking, then for the next leg's. Default 15 s, 20 s. */
  waitMs?: readonly [number, number]
}

/**
 * dan not ready, the caller's call talks with ann; dan ready, ann's call transferred to him and (by default) its
 * next leg `next` talking with dan. `transfer` is the bridge's promise (its rejection is left for the test to judge).
 */
export async function transferLegsUnderOneTag(s: TelephonyStack, options: LegsUnderOneTag = {}) {
  const [annMs, nextMs] = options.waitMs ?? [15_000, 20_000]
  await setAgentState(s, 'dan', 'not-ready')
  const callers = await s.call([
    callerCall({
      startMs: 0,
      holdMs: 60_000,
      inviteFirst: true,
      oldLegReleased: options.oldLegReleased === true,
      nextLegKeepsTag: true,
    }),
  ])
  const annCall = await waitFor(
    'the call talking with ann',
    () => s.bridge.calls().find((c) => c.state === 'talking' && c.agent === 'ann'),
    annMs,
  )
  await setAgentState(s, 'dan', 'ready')
  options.beforeTransfer?.()
  const transfer = s.bridge.transfer(annCall.callId, 'dan')
  // a test awaits it later, or not at all: no unhandled rejection while the next leg is waited for
  transfer.catch(() => {})
  const next = `${annCall.callId}~2`
  if (options.untilNextTalks !== false) {
    await waitFor(
      'the next leg talking with dan',
      () =>
        s.bridge.calls().find((c) => c.interaction === next && c.state === 'talking' && c.agent === 'dan'),
      nextMs,
    )
  }
  return { callers, annCall, next, transfer }
}
