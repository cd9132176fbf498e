// For tests of the desktop: a CallControl kept in memory that records what the desktop asked of it, standing in
// for the SIP bridge's (the edge the desktop does not own). Calls are offered by the test, as the bridge would.
import type { AgentNotice, CallControl, CallView } from './call-control.ts'

export interface RecordedAction {
  action: 'release' | 'transfer' | 'hold' | 'retrieve'
  callId: string
  to?: string
}

export interface TestCalls extends CallControl {
  /** Adds or changes a call and tells the listeners, as the bridge does on every SIP event. */
  offer(call: Partial<CallView> & { callId: string }): CallView
  /** What release and transfer were asked, in order. */
  actions: RecordedAction[]
  /** The next release or transfer fails with this message (a SIP error), or a refusal with `code` CALL_REFUSED. */
  failNext(message: string, code?: string): void
  listeners(): number
  /** Tells the listeners the router set an agent's state (a ring-no-answer), as the bridge does. */
  notify(notice: AgentNotice): void
}

export function createTestCalls(now: () => number = Date.now): TestCalls {
  const calls = new Map<string, CallView>()
  const listeners = new Set<(call: CallView) => void>()
  const actions: RecordedAction[] = []
  const noticeListeners = new Set<(notice: AgentNotice) => void>()
  let failure: { message: string; code?: string } | undefined

  function offer(change: Partial<CallView> & { callId: string }): CallView {
    const before = calls.get(change.callId)
    const call: CallView = {
      interaction: change.callId,
      ani: '',
      dnis: '',
      state: 'ringing',
      attached: {},
      startedAt: now(),
      ...before,
      ...change,
    }
    calls.set(call.callId, call)
    for (const listener of listeners) listener({ ...call })
    return call
  }
  function act(action: RecordedAction): void {
    actions.push(action)
    if (failure !== undefined) {
      const { message, code } = failure
      failure = undefined
      throw Object.assign(new Error(message), code === undefined ? {} : { code })
    }
  }

  return {
    offer,
    actions,
    failNext(message, code) {
      failure = { message, ...(code === undefined ? {} : { code }) }
    },
    listeners: () => listeners.size,
    notify(notice) {
      for (const listener of noticeListeners) listener({ ...notice })
    },
    onAgentNotice(listener) {
      noticeListeners.add(listener)
      return () => noticeListeners.delete(listener)
    },
    async release(callId) {
      act({ action: 'release', callId })
      offer({ callId, state: 'ended' })
    },
    async transfer(callId, to) {
      act({ action: 'transfer', callId, to })
      const call = calls.get(callId)!
      // a blind transfer: the call leaves this agent and is offered to the target (or queued at a routing point)
      const { agent: _agent, answeredAt: _answered, ...rest } = call
      calls.set(callId, rest)
      if (/^[A-Za-z]/.test(to)) offer({ callId, agent: to, state: 'ringing' })
      else offer({ callId, dnis: to, state: 'queued' })
    },
    async hold(callId) {
      act({ action: 'hold', callId })
      offer({ callId, held: true, heldAt: now() })
    },
    async retrieve(callId) {
      act({ action: 'retrieve', callId })
      const call = calls.get(callId)!
      offer({ callId, held: false, heldMs: (call.heldMs ?? 0) + now() - (call.heldAt ?? now()) })
    },
    calls: () => [...calls.values()].map((c) => ({ ...c })),
    onCall(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
