// For tests of the desktop: a CallControl kept in memory that records what the desktop asked of it, standing in
// for the SIP bridge's (the edge the desktop does not own). Calls are offered by the test, as the bridge would.
import type { AgentNotice, AgentStateChange, CallControl, CallView } from './call-control.ts'

export interface RecordedAction {
  action: 'release' | 'transfer' | 'hold' | 'retrieve'
  callId: string
  to?: string
  /** The agent whose leg the desktop named, when the call has more legs than one (a transferred call's). */
  agent?: string
}

export interface TestCalls extends CallControl {
  /** Adds or changes a call (its first leg) and tells the listeners, as the bridge does on every SIP event. */
  offer(call: Partial<CallView> & { callId: string }): CallView
  /**
   * Adds or changes a transferred call's next leg (by `interaction`, `<Call-ID>~2`), listed after the Call-ID's
   * first leg as the bridge lists its legs.
   */
  offerLeg(call: Partial<CallView> & { callId: string; interaction: string }): CallView
  /** What release and transfer were asked, in order. */
  actions: RecordedAction[]
  /** The next release or transfer fails with this message (a SIP error), or a refusal with `code` CALL_REFUSED. */
  failNext(message: string | Error, code?: string): void
  listeners(): number
  /** Tells the listeners the router set an agent's state (a ring-no-answer), as the bridge does. */
  notify(notice: AgentNotice): void
  /** Tells the listeners serve streamed a change of the agent's state, as the bridge does. */
  stateChanged(agent: string, change?: AgentStateChange): void
  /** Tells the listeners serve's event stream reopened, as the bridge does. */
  serveReconnected(): void
  /** Tells the listeners serve streamed `capabilities-changed`, as the bridge does. */
  serveCapabilitiesChanged(): void
}

export function createTestCalls(now: () => number = Date.now): TestCalls {
  const calls = new Map<string, CallView>()
  const listeners = new Set<(call: CallView) => void>()
  const actions: RecordedAction[] = []
  const noticeListeners = new Set<(notice: AgentNotice) => void>()
  const stateListeners = new Set<(agent: string, change?: AgentStateChange) => void>()
  const serveListeners = new Set<() => void>()
  const capabilityListeners = new Set<() => void>()
  let failure: { message: string | Error; code?: string } | undefined

  /** A first leg is kept by its Call-ID, a next leg by its interaction (apart: a key names which). */
  function put(key: string, change: Partial<CallView> & { callId: string }): CallView {
    const before = calls.get(key)
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
    calls.set(key, call)
    for (const listener of listeners) listener({ ...call })
    return call
  }
  const offer = (change: Partial<CallView> & { callId: string }) => put(`call ${change.callId}`, change)
  /** The key of the leg `agent` asked for (the last of its legs of this Call-ID), else of the call's first leg. */
  function legOf(callId: string, agent: string | undefined): string {
    const legs = [...calls.entries()].filter(([, c]) => c.callId === callId)
    const own = agent === undefined ? undefined : legs.findLast(([, c]) => c.agent === agent)
    return (own ?? legs[0])?.[0] ?? `call ${callId}`
  }
  function act(action: RecordedAction): void {
    // the agent is recorded only where it picked one leg of several
    const legs = [...calls.values()].filter((c) => c.callId === action.callId).length
    const { agent, ...rest } = action
    actions.push(legs > 1 && agent !== undefined ? action : rest)
    if (failure !== undefined) {
      const { message, code } = failure
      failure = undefined
      // an Error given is thrown as it is (a CallRefusedError with its words for the agent)
      if (message instanceof Error) throw message
      throw Object.assign(new Error(message), code === undefined ? {} : { code })
    }
  }

  return {
    offer,
    offerLeg: (change) => put(`leg ${change.interaction}`, change),
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
    stateChanged(agent, change) {
      for (const listener of stateListeners) listener(agent, change)
    },
    onAgentStateChanged(listener) {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    },
    serveReconnected() {
      for (const listener of serveListeners) listener()
    },
    onServeReconnected(listener) {
      serveListeners.add(listener)
      return () => serveListeners.delete(listener)
    },
    serveCapabilitiesChanged() {
      for (const listener of capabilityListeners) listener()
    },
    onServeCapabilitiesChanged(listener) {
      capabilityListeners.add(listener)
      return () => capabilityListeners.delete(listener)
    },
    async release(callId, agent) {
      act({ action: 'release', callId, ...(agent === undefined ? {} : { agent }) })
      put(legOf(callId, agent), { callId, state: 'ended' })
    },
    async transfer(callId, to) {
      act({ action: 'transfer', callId, to })
      const call = calls.get(`call ${callId}`)!
      // a blind transfer: the call leaves this agent and is offered to the target (or queued at a routing point)
      const { agent: _agent, answeredAt: _answered, ...rest } = call
      calls.set(`call ${callId}`, rest)
      if (/^[A-Za-z]/.test(to)) offer({ callId, agent: to, state: 'ringing' })
      else offer({ callId, dnis: to, state: 'queued' })
    },
    async hold(callId, agent) {
      act({ action: 'hold', callId, ...(agent === undefined ? {} : { agent }) })
      put(legOf(callId, agent), { callId, held: true, heldAt: now() })
    },
    async retrieve(callId, agent) {
      act({ action: 'retrieve', callId, ...(agent === undefined ? {} : { agent }) })
      const key = legOf(callId, agent)
      const call = calls.get(key)!
      put(key, { callId, held: false, heldMs: (call.heldMs ?? 0) + now() - (call.heldAt ?? now()) })
    },
    calls: () => [...calls.values()].map((c) => ({ ...c })),
    onCall(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
