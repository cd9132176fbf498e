// The bridge's decisions against a recording router and Kamailio: which router command each SIP event becomes,
// and what Kamailio is told. The real path is in call-path.test.ts.
import { CAPABILITY_NAMES } from '@routewright/server'
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import {
  type BridgeOptions,
  createBridge,
  EvapiDownError,
  type KamailioCallState,
  parseCallEnd,
  parseCallState,
  type RouterClient,
  waitFor,
} from '../src/index.ts'
import { inviteEvent } from './kamailio-events.ts'
import { advance } from './simulated-bridge.ts'

/** `refuse`: the router's answer to a command instead of the usual success (a 409, say); nothing changed then. */
function setup(
  refuse?: (
    method: string,
    path: string,
    body: unknown,
  ) => { status: number; body: Record<string, unknown>; retryAfter?: string } | undefined,
  extra: Partial<BridgeOptions> = {},
) {
  const commands: string[] = []
  /** The bodies of confirms, rejects and connects, by path. */
  const answers: Array<[string, unknown]> = []
  /** The bodies of submits. */
  const submits: unknown[] = []
  /** The bodies of completes (undefined: a plain one), by path. */
  const completes: Array<[string, unknown]> = []
  const sent: Array<Record<string, unknown>> = []
  /** serve's agent states as the bridge (and a desktop, through `agentStates.set`) set them. */
  const agentStates = new Map([['ann', 'ready']])
  /** A desktop's change landing while the bridge works on an agent's state: after a read, before a change. */
  let meanwhile: (() => void) | undefined
  const landMeanwhile = () => {
    meanwhile?.()
    meanwhile = undefined
  }
  const router: RouterClient = {
    async call(method, path, body) {
      const stateOf = /^\/v1\/agents\/([^/]+)\/state$/.exec(path)
      commands.push(`${method} ${path}${body && method !== 'POST' ? ` ${JSON.stringify(body)}` : ''}`)
      if (/\/(confirm|reject|connect)$/.test(path)) answers.push([path, body])
      if (path === '/v1/interactions') submits.push(body)
      if (path.endsWith('/complete')) completes.push([path, body])
      const refused = refuse?.(method, path, body)
      if (refused) return refused
      // this build's serve lists every capability; an older serve's answer comes through `refuse`
      if (path === '/v1/capabilities') return { status: 200, body: { capabilities: [...CAPABILITY_NAMES] } }
      if (method === 'PUT' && stateOf && agentStates.has(stateOf[1]!)) {
        landMeanwhile()
        // serve's conditional change (ifState): refused, nothing changed, when the agent is in another state
        const { state, ifState } = body as { state: string; ifState?: string }
        const current = agentStates.get(stateOf[1]!)
        if (ifState !== undefined && current !== ifState)
          return { status: 409, body: { error: 'state changed', code: 'state-changed', current } }
        agentStates.set(stateOf[1]!, state)
      }
      if (path.split('?')[0] === '/v1/agents') {
        const agents = [...agentStates].map(([id, state]) => ({ id, state, reserved: 0 }))
        landMeanwhile()
        return { status: 200, body: { agents } }
      }
      return { status: method === 'POST' && path === '/v1/interactions' ? 201 : 200, body: {} }
    },
    follow: () => ({ ready: Promise.resolve(), stop: async () => {} }),
  }
  let now = 1000
  const logged: string[] = []
  const bridge = createBridge({
    router,
    strategy: 'inbound-call',
    sipDomain: '127.0.0.1:5060',
    now: () => now,
    cancelGraceMs: 50,
    log: (message) => logged.push(message),
    ...extra,
  })
  let linkDown = false
  bridge.connect((m) => {
    if (linkDown) throw new EvapiDownError(`link down: the ${String(m.action)} was not sent`)
    sent.push(m)
  })
  const invite = (extra: Record<string, unknown> = {}) =>
    bridge.onKamailio(inviteEvent({ from: '"+1" <sip:+1@x>;tag=f1', ...extra }))
  const kamailio = (event: string, extra: Record<string, unknown> = {}) =>
    bridge.onKamailio({ event, callid: 'c1', ftag: 'f1', ...extra })
  /** ann's phone answers the call it rang for. */
  const phoneAnswers = () =>
    kamailio('answered', { ttag: 't1', to: '<sip:5000@x>;tag=t1', contact: 'sip:phone@127.0.0.1:7100' })
  /** A call in, routed to ann, answered: the start of every call-control test. */
  const connected = () => {
    invite()
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann' })
    phoneAnswers()
  }
  const setLinkDown = (down: boolean) => {
    linkDown = down
  }
  /** A call in, then the Kamailio link drops and the router routes it to ann: her answer is held. */
  const routedWhileLinkDown = () => {
    invite()
    setLinkDown(true)
    bridge.linkDown('connection lost (read ECONNRESET)')
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
  }
  return {
    bridge,
    commands,
    answers,
    submits,
    completes,
    sent,
    logged,
    invite,
    kamailio,
    phoneAnswers,
    connected,
    setLinkDown,
    agentStates,
    /** `change` lands while the bridge next reads or changes an agent's state at serve. */
    meanwhile: (change: () => void) => {
      meanwhile = change
    },
    routedWhileLinkDown,
    tick: (ms: number) => (now += ms),
  }
}

/**
 * setup with the bridge's timers on a simulated clock that moves only by `advance` (its `now` still moves by `tick`,
 * so a test can make time pass unseen by the timers: a timer starved by a busy event loop, a long outage).
 */
/** A final reply to the caller with a Warning saying `why` and a Reason saying `cause`. */
function refusal(code: number, reason: string, why: string, cause = why, more = ''): Record<string, unknown> {
  return {
    action: 'reply',
    code,
    reason,
    headers: `Warning: 399 routewright "${why}"\r\nReason: SIP;cause=${code};text="${cause}"\r\n${more}`,
  }
}

/** The bridge's only command so far: that refusal (the transaction's fields not checked). */
function expectOneReply(
  sent: Array<Record<string, unknown>>,
  code: number,
  reason: string,
  why: string,
  cause = why,
  more = '',
): void {
  expect(sent).toEqual([expect.objectContaining(refusal(code, reason, why, cause, more))])
}

/** The INVITE transaction and dialog `setup`'s invite() opens: what a reply to it names. */
const INVITE_IDS = { tindex: 1, tlabel: 2, callid: 'c1', ftag: 'f1' }

function onClock(refuse?: Parameters<typeof setup>[0], extra: Partial<BridgeOptions> = {}) {
  const clock = createSimulatedClock(1000)
  return { ...setup(refuse, { timers: clock, ...extra }), clock, advance: (ms: number) => advance(clock, ms) }
}

describe('the bridge', () => {
  it('submits a call, rings the routed agent with the attached data, confirms on answer and completes on BYE', async () => {
    const { bridge, commands, sent, invite, kamailio, tick, phoneAnswers } = setup()
    invite()
    await waitFor('submit', () => commands.includes('POST /v1/interactions'), 1000)
    bridge.onRouterEvent({ type: 'data-attached', interaction: 'c1', data: { Line: 'support' } })
    tick(1500)
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann' })
    expect(sent).toEqual([
      {
        action: 'agent',
        tindex: 1,
        tlabel: 2,
        callid: 'c1',
        ftag: 'f1',
        agent: 'ann',
        // routed, not dialled to ann: a bridge taking its end over only completes it
        direct: 0,
        headers: 'X-Routewright-Interaction: c1\r\nX-Line: support\r\n',
      },
    ])
    phoneAnswers()
    kamailio('bye', { ftag: 't1', ttag: 'f1' })
    await waitFor('complete', () => commands.includes('POST /v1/interactions/c1/complete'), 1000)
    expect(commands).toContain('POST /v1/interactions/c1/confirm')
    expect(bridge.figures()).toMatchObject({ offered: 1, answered: 1, open: 0, waits: [1.5] })
  })

  it('ignores and logs an answer of an agent rung before (a stale leg), and connects the one ringing now', async () => {
    const { bridge, commands, answers, invite, kamailio, logged } = setup()
    invite()
    await waitFor('submit', () => commands.includes('POST /v1/interactions'), 1000)
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
    kamailio('no-answer', { tindex: 1, tlabel: 3, code: 408 })
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'bob', reservation: 'c1#1.2' })
    const answered = (by: string, ttag: string) =>
      kamailio('answered', { by, ttag, to: `<sip:5000@x>;tag=${ttag}`, contact: `sip:${by}@127.0.0.1:7100` })

    // ann's phone, rung before bob's: her answer must not confirm bob's reservation
    answered('ann', 'ann1')
    expect(bridge.calls()[0]).toMatchObject({ state: 'ringing', agent: 'bob' })
    expect(logged).toContain('answer ignored: it is not of the agent ringing now')
    expect(answers.filter(([path]) => path.endsWith('/confirm'))).toEqual([])

    answered('bob', 'bob1')
    await waitFor('confirm', () => commands.includes('POST /v1/interactions/c1/confirm'), 1000)
    expect(bridge.calls()[0]).toMatchObject({ state: 'talking', agent: 'bob' })
    expect(answers.filter(([path]) => path.endsWith('/confirm'))).toEqual([
      ['/v1/interactions/c1/confirm', { reservation: 'c1#1.2' }],
    ])
  })

  it('tells the desktop why the router made an agent not ready: a rejected reservation, not a withdrawn one', () => {
    const { bridge, invite } = setup()
    const notices: unknown[] = []
    bridge.onAgentNotice((notice) => notices.push(notice))
    invite()
    const rejected = { type: 'reservation-rejected', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' }
    bridge.onRouterEvent({
      ...rejected,
      reason: 'not confirmed within 15000 ms',
      notReady: 'no-answer',
      at: 42_000,
    })
    bridge.onRouterEvent({ ...rejected, agent: 'bob', reason: 'withdrawn', withdrawn: true, at: 43_000 })
    // dan had logged out while the call rang: the router left her logged out (no notReady), nothing to tell
    bridge.onRouterEvent({ ...rejected, agent: 'dan', reason: 'not confirmed within 15000 ms', at: 43_500 })
    // a refusal (the phone answered busy) reads as serve's agent list says it: declined, not unanswered
    bridge.onRouterEvent({
      ...rejected,
      agent: 'cy',
      reason: 'rejected by the host',
      notReady: 'declined',
      at: 44_000,
    })
    expect(notices).toEqual([
      {
        agent: 'ann',
        state: 'not-ready',
        cause: 'no-answer',
        reason: 'No answer to a call',
        at: 42_000,
        interaction: 'c1',
      },
      {
        agent: 'cy',
        state: 'not-ready',
        cause: 'declined',
        reason: 'Declined a call',
        at: 44_000,
        interaction: 'c1',
      },
    ])
  })

  it.each([
    [408, 'no-answer', 480],
    [480, 'no-answer', 480],
    [486, 'declined', 603],
    [603, 'declined', 603],
  ])(
    "makes an agent dialled directly whose phone ends with %i not ready with the router's reason %s",
    async (code, reason, callerCode) => {
      const { bridge, commands, sent, invite, kamailio } = setup()
      const notices: unknown[] = []
      bridge.onAgentNotice((notice) => notices.push(notice))
      invite({ dnis: 'ann' })
      await waitFor('busy', () => commands.includes('PUT /v1/agents/ann/state {"state":"busy"}'), 1000)
      kamailio('no-answer', { tindex: 3, tlabel: 4, code })
      // the routed path's mapping (ring-outcome.ts); serve's agent list says why, for every desktop and the monitor
      expect(commands).toContain(`PUT /v1/agents/ann/state {"state":"not-ready","reason":"${reason}"}`)
      expect(notices).toMatchObject([{ agent: 'ann', state: 'not-ready', cause: reason }])
      expect(sent.at(-1)).toMatchObject({ tindex: 3, tlabel: 4, code: callerCode })
      // and the caller's carrier hears why
      const why = callerCode === 603 ? 'agent ann declined the call' : "agent ann's phone did not answer"
      expect(sent.at(-1)?.headers).toBe(
        `Warning: 399 routewright "${why}"\r\nReason: SIP;cause=${callerCode};text="${why}"\r\n`,
      )
    },
  )

  it('tells the router, in one submit, that a call dialled to an agent arrives connected to it once answered, and completes it', async () => {
    const { bridge, commands, answers, submits, invite, kamailio, phoneAnswers } = setup()
    invite({ dnis: 'ann' })
    await waitFor('ring', () => bridge.calls()[0]?.state === 'ringing', 1000)
    // nothing for the router while the phone rings: the call may end unanswered (no record then)
    expect(submits).toEqual([])
    phoneAnswers()
    await waitFor('submit', () => submits.length === 1, 1000)
    // no strategy run to withdraw afterwards: one submit, no connect
    expect(submits).toEqual([
      expect.objectContaining({
        id: 'c1',
        dnis: 'ann',
        connectedTo: { agent: 'ann', note: 'answered on a call dialled to ann' },
      }),
    ])
    kamailio('bye', { ttag: 't1' })
    await waitFor('complete', () => commands.includes('POST /v1/interactions/c1/complete'), 1000)
    expect(commands).toContain('PUT /v1/agents/ann/state {"state":"ready","ifState":"busy"}')
    expect(answers).toEqual([])
  })

  it.each([
    ['not known to the router', 'zed', 404, 'No such agent', 'no agent zed is known to the router'],
    ['not ready', 'bob', 486, 'Agent busy', 'agent bob is not-ready'],
  ])(
    'refuses a call dialled to an agent %s with a final answer and a Warning saying why',
    async (_, dnis, code, reason, why) => {
      const { sent, invite, agentStates } = setup()
      agentStates.set('bob', 'not-ready')
      invite({ dnis })
      await waitFor('reply', () => sent.length > 0, 1000)
      expectOneReply(sent, code, reason, why)
    },
  )

  it('refuses a call dialled to an agent while serve cannot list its agents with 503 and the Retry-After', async () => {
    const { sent, invite } = setup(
      (method, path) =>
        method === 'GET' && path.split('?')[0] === '/v1/agents' ? { status: 503, body: {} } : undefined,
      { retryAfterSeconds: 20 },
    )
    invite({ dnis: 'ann' })
    await waitFor('reply', () => sent.length > 0, 1000)
    // an outage, not an agent the router does not know (404 before)
    const cause = 'routewright serve did not list its agents'
    const why = `${cause}: the call was not routed`
    expect(sent).toEqual([
      { ...INVITE_IDS, ...refusal(503, 'Router unavailable', why, cause, 'Retry-After: 20\r\n') },
    ])
  })

  it('ends a call the strategy routed elsewhere with 480 and a Warning naming the outcome and where', async () => {
    const { bridge, sent, invite } = setup()
    invite()
    await waitFor('submit', () => bridge.calls()[0]?.state === 'queued', 1000)
    bridge.onRouterEvent({ type: 'finished', interaction: 'c1', outcome: 'route', destination: 'voicemail' })
    const why = 'the strategy finished without an agent (outcome route, to voicemail)'
    expectOneReply(sent, 480, 'Routed elsewhere (voicemail)', why)
  })

  it("keeps a dialled call on its agent's phone whatever the router says of it", async () => {
    const { bridge, sent, submits, invite, phoneAnswers } = setup()
    invite({ dnis: 'ann' })
    await waitFor('ring', () => bridge.calls()[0]?.state === 'ringing', 1000)
    phoneAnswers()
    await waitFor('submit', () => submits.length === 1, 1000)
    const before = sent.length
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'bob', reservation: 'c1#1.1' })
    bridge.onRouterEvent({ type: 'finished', interaction: 'c1', outcome: 'route', destination: 'voicemail' })
    expect(bridge.calls()[0]).toMatchObject({ state: 'talking', agent: 'ann' })
    expect(sent.length).toBe(before)
  })

  it('logs a dialled call whose submit is refused (no free place): nothing at the router to abandon or complete', async () => {
    const { commands, logged, invite, kamailio, phoneAnswers, agentStates } = setup((method, path) =>
      method === 'POST' && path === '/v1/interactions'
        ? { status: 409, body: { code: 'no-free-place', error: 'full' } }
        : undefined,
    )
    invite({ dnis: 'ann' })
    await waitFor('busy', () => commands.includes('PUT /v1/agents/ann/state {"state":"busy"}'), 1000)
    phoneAnswers()
    await waitFor(
      'refused',
      () => logged.length > 0 && logged.some((l) => l.includes('refused a direct call')),
      1000,
    )
    expect(logged).toContain('router refused a direct call answered by its agent; it is not recorded there')
    kamailio('bye', { ttag: 't1' })
    await waitFor('ready', () => agentStates.get('ann') === 'ready', 1000)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(commands).not.toContain('POST /v1/interactions/c1/complete')
    expect(commands).not.toContain('POST /v1/interactions/c1/abandon')
  })

  it.each([
    ['after the answer, at the BYE', true],
    ["while it rings, at the caller's CANCEL", false],
  ])(
    'keeps the state the agent of a dialled call chose during it (a break) %s: only its own busy is undone',
    async (_when, answer) => {
      const { logged, invite, kamailio, phoneAnswers, agentStates } = setup()
      invite({ dnis: 'ann' })
      await waitFor('busy', () => agentStates.get('ann') === 'busy', 1000)
      if (answer) phoneAnswers()
      // ann's desktop: Not ready (Break), to take a break once this call is over
      agentStates.set('ann', 'not-ready')
      kamailio(answer ? 'bye' : 'cancel', { ttag: 't1' })
      await waitFor('kept', () => logged.some((l) => l.includes('changed state during it')), 1000)
      expect(agentStates.get('ann')).toBe('not-ready')
    },
  )

  it.each([
    ['after the answer, at the BYE', true],
    ["while it rings, at the caller's CANCEL", false],
  ])(
    'keeps a break the agent chose while the bridge ends a dialled call %s: one conditional change, no read then write',
    async (_when, answer) => {
      const { commands, logged, invite, kamailio, phoneAnswers, agentStates, meanwhile } = setup()
      invite({ dnis: 'ann' })
      await waitFor('busy', () => agentStates.get('ann') === 'busy', 1000)
      if (answer) phoneAnswers()
      await new Promise((resolve) => setTimeout(resolve, 20))
      const before = commands.length
      // ann's Not ready reaches serve while the bridge is at it: a read of the list would still have seen busy
      meanwhile(() => agentStates.set('ann', 'not-ready'))
      kamailio(answer ? 'bye' : 'cancel', { ttag: 't1' })
      await waitFor('kept', () => logged.some((l) => l.includes('changed state during it')), 1000)
      expect(agentStates.get('ann')).toBe('not-ready')
      expect(commands.slice(before).filter((c) => c.includes('/v1/agents'))).toEqual([
        'PUT /v1/agents/ann/state {"state":"ready","ifState":"busy"}',
      ])
    },
  )

  it.each([
    ['that lists other capabilities', { status: 200, body: { capabilities: ['submit-replay'] } }],
    ['older, without GET /v1/capabilities (404)', { status: 404, body: { error: 'Not found' } }],
  ])(
    'makes the agent of a dialled call ready at its end unconditionally, as before, on a serve %s',
    async (_serve, listed) => {
      const { commands, invite, kamailio, agentStates } = setup((_method, path) =>
        path === '/v1/capabilities' ? listed : undefined,
      )
      invite({ dnis: 'ann' })
      await waitFor('busy', () => agentStates.get('ann') === 'busy', 1000)
      const before = commands.length
      kamailio('cancel')
      await waitFor('ready', () => agentStates.get('ann') === 'ready', 1000)
      // chosen from serve's list before any change is sent, never from a refusal of one
      expect(commands.slice(before)).toEqual([
        'GET /v1/capabilities',
        'PUT /v1/agents/ann/state {"state":"ready"}',
      ])
    },
  )

  it("reads serve's capabilities once, and again after its event stream reopens: a serve upgraded meanwhile gets the conditional ready", async () => {
    let listed: string[] = []
    const { bridge, commands, invite, kamailio, agentStates } = setup((_method, path) =>
      path === '/v1/capabilities' ? { status: 200, body: { capabilities: listed } } : undefined,
    )
    const dialledAndCancelled = async (n: number) => {
      const before = commands.length
      invite({ dnis: 'ann', callid: `c${n}`, ftag: `f${n}` })
      await waitFor('busy', () => agentStates.get('ann') === 'busy', 1000)
      kamailio('cancel', { callid: `c${n}`, ftag: `f${n}` })
      await waitFor('ready', () => agentStates.get('ann') === 'ready', 1000)
      return commands.slice(before).filter((c) => c.includes('/capabilities') || c.includes('"ready"'))
    }
    expect(await dialledAndCancelled(1)).toEqual([
      'GET /v1/capabilities',
      'PUT /v1/agents/ann/state {"state":"ready"}',
    ])
    // upgraded without the stream dropping: the list read holds for this connection
    listed = ['agent-state-if-state']
    expect(await dialledAndCancelled(2)).toEqual(['PUT /v1/agents/ann/state {"state":"ready"}'])
    bridge.serveReconnected()
    expect(await dialledAndCancelled(3)).toEqual([
      'GET /v1/capabilities',
      'PUT /v1/agents/ann/state {"state":"ready","ifState":"busy"}',
    ])
  })

  it('frees the agent of a dialled call its caller abandons while it rings, and tells the router nothing of it', async () => {
    const { bridge, commands, invite, kamailio, agentStates } = setup()
    invite({ dnis: 'ann' })
    await waitFor('busy', () => commands.includes('PUT /v1/agents/ann/state {"state":"busy"}'), 1000)
    kamailio('cancel')
    await waitFor('ready', () => agentStates.get('ann') === 'ready', 1000)
    // never submitted (it was not answered), so there is no interaction to abandon
    expect(commands.filter((c) => c.startsWith('POST /v1/interactions'))).toEqual([])
    expect(bridge.figures()).toMatchObject({ abandoned: 1, abandonedRinging: 1, open: 0 })
  })

  it("rings an extension dialled while the router's offer rings it: the phone decides (two-call takeover)", async () => {
    const { bridge, sent, invite } = setup((_m, path) =>
      path.split('?')[0] === '/v1/agents'
        ? { status: 200, body: { agents: [{ id: 'ann', state: 'ready', reserved: 1 }] } }
        : undefined,
    )
    invite({ callid: 'y', ftag: 'fy' })
    bridge.onRouterEvent({ type: 'routed', interaction: 'y', agent: 'ann', reservation: 'y#1' })
    invite({ callid: 'x', ftag: 'fx', tindex: 5, tlabel: 6, dnis: 'ann' })
    await waitFor('x to ring', () => sent.some((m) => m.tindex === 5), 1000)
    expect(sent.at(-1)).toMatchObject({ action: 'agent', agent: 'ann', tindex: 5 })
  })

  it('queues a transfer leg to an agent an offer holds (the transfer rule), rather than ring it', async () => {
    const { bridge, sent, submits, invite, phoneAnswers } = setup((_m, path) =>
      path.split('?')[0] === '/v1/agents'
        ? { status: 200, body: { agents: [{ id: 'ann', state: 'ready', reserved: 1 }] } }
        : undefined,
    )
    invite()
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'bob' })
    phoneAnswers()
    // bob's blind transfer to ann: the same Call-ID's next INVITE
    invite({ tindex: 5, tlabel: 6, dnis: 'ann' })
    await waitFor('the leg queued', () => submits.length === 2, 1000)
    expect(submits[1]).toMatchObject({ dnis: '5000' })
    expect(sent.filter((m) => m.tindex === 5)).toEqual([])
  })

  it("submits a hostile caller's ANI cut to the router's limit, without control characters, and logs why", async () => {
    const { commands, submits, logged, invite } = setup()
    // BEL (C0) and NEL (C1): the router refuses both (its controlAt), so neither is submitted
    invite({ ani: `+1\u0007555\u0085${'9'.repeat(500)}` })
    await waitFor('submit', () => commands.includes('POST /v1/interactions'), 1000)
    expect(submits).toEqual([expect.objectContaining({ id: 'c1', ani: `+1555${'9'.repeat(123)}` })])
    expect(logged).toContain('caller ANI cut to fit')
  })

  it("ends a call the router refuses as it is (422) with 400, not as an outage, and logs the router's reason", async () => {
    const { sent, logged, invite } = setup((method, path) =>
      method === 'POST' && path === '/v1/interactions'
        ? {
            status: 422,
            body: { error: 'Interaction "id" is 300 characters long', code: 'over-limit', field: 'id' },
          }
        : undefined,
    )
    invite()
    await waitFor('reply', () => sent.length > 0, 1000)
    const cause = 'over-limit: Interaction \\"id\\" is 300 characters long'
    const why = `routewright serve refused the call, not routed: ${cause}`
    expect(sent).toEqual([{ ...INVITE_IDS, ...refusal(400, 'Refused by router', why, cause) }])
    expect(logged).toContain('router refused the call')
  })

  it("ends a call whose submit serve finds too large (413) with 400 and serve's reason, one line, cut", async () => {
    const { sent, invite } = setup((method, path) =>
      method === 'POST' && path === '/v1/interactions'
        ? // a message with a line end and a quote (serve's words, or a proxy's page read as text): one header line
          {
            status: 413,
            body: { error: `Body over "1 MB"\r\nX-Evil: 1 ${'x'.repeat(400)}`, code: 'too-large' },
          }
        : undefined,
    )
    invite()
    await waitFor('reply', () => sent.length > 0, 1000)
    const headers = String(sent[0]?.headers)
    expect(sent[0]).toMatchObject({ code: 400, reason: 'Refused by router' })
    expect(headers.split('\r\n')).toEqual([
      expect.stringMatching(
        /^Warning: 399 routewright "routewright serve refused the call, not routed: too-large: Body over \\"1 MB\\" {2}X-Evil: 1 x+"$/,
      ),
      expect.stringMatching(/^Reason: SIP;cause=400;text="too-large: Body over \\"1 MB\\" {2}X-Evil: 1 x+"$/),
      '',
    ])
    // cut to 256 characters before the quotes are escaped
    expect(headers.split('\r\n')[1]!.length).toBeLessThanOrEqual('Reason: SIP;cause=400;text=""'.length + 258)
  })

  it.each([
    // a router client that throws (no connection, an answer over its bound) reads as serve not answering
    ['unreachable', undefined, 'routewright serve did not answer'],
    [
      'unavailable (Redis away)',
      { error: 'Redis at redis://10.1.2.4:6379 did not answer within 500 ms', code: 'unavailable' },
      'routewright serve unavailable (unavailable)',
    ],
    [
      'at fault without a code',
      { error: '<html>Bad gateway</html>' },
      'routewright serve unavailable (HTTP 503)',
    ],
  ])(
    'ends a call whose router is %s with 503 and a Warning naming the cause, not an address',
    async (_, body, cause) => {
      const { sent, invite } = setup((method, path) => {
        if (method !== 'POST' || path !== '/v1/interactions') return undefined
        if (body === undefined)
          throw new Error('routewright serve at http://10.1.2.3:7070 answered with more than 16 bytes')
        return { status: 503, body }
      })
      invite()
      await waitFor('reply', () => sent.length > 0, 1000)
      expectOneReply(sent, 503, 'Router unavailable', `${cause}: the call was not routed`, cause)
    },
  )

  it.each([
    ["the bridge's retryAfterSeconds", undefined, 'Retry-After: 30'],
    ["serve's own retry-after when longer than the bridge's", '70', 'Retry-After: 70'],
    ["the bridge's when serve's is shorter", '1', 'Retry-After: 30'],
    ["serve's too long one cut to an hour", '999999', 'Retry-After: 3600'],
  ])("says %s on an outage's 503", async (_, serve, line) => {
    const { sent, invite } = setup(
      (method, path) =>
        method === 'POST' && path === '/v1/interactions'
          ? {
              status: 503,
              body: { code: 'unavailable' },
              ...(serve === undefined ? {} : { retryAfter: serve }),
            }
          : undefined,
      { retryAfterSeconds: 30 },
    )
    invite()
    await waitFor('reply', () => sent.length > 0, 1000)
    const cause = 'routewright serve unavailable (unavailable)'
    expectOneReply(sent, 503, 'Router unavailable', `${cause}: the call was not routed`, cause, `${line}\r\n`)
  })

  it.each([0, 3601, 1.5])(
    'refuses a retryAfterSeconds of %s at start, naming it and its bounds',
    (seconds) => {
      expect(() => setup(undefined, { retryAfterSeconds: seconds })).toThrow(
        `retryAfterSeconds must be a whole number of seconds from 1 to 3600 (got ${seconds})`,
      )
    },
  )

  it('ends a call whose strategy serve has not loaded with 480 and a Warning and Reason naming it, quoted', async () => {
    const { sent, invite } = setup(
      (method, path) =>
        method === 'POST' && path === '/v1/interactions'
          ? { status: 422, body: { error: 'Unknown strategy', code: 'unknown-strategy' } }
          : undefined,
      // an operator's name with a quote and a line end: one header line each, the quoted-string whole
      { strategy: 'in"bound\r\nX-Evil: 1' },
    )
    invite()
    await waitFor('reply', () => sent.length > 0, 1000)
    const cause = 'strategy in\\"bound  X-Evil: 1 is not loaded'
    const why = `${cause} by serve (its file removed, or its id changed?): the call was not routed`
    expect(sent).toEqual([{ ...INVITE_IDS, ...refusal(480, 'Strategy Unavailable', why, cause) }])
  })

  it('rejects the reservation on ring-no-answer and rings the next agent the router picks', async () => {
    const { bridge, commands, answers, sent, invite, kamailio, phoneAnswers, tick } = setup()
    invite()
    tick(2000)
    bridge.onRouterEvent({
      type: 'routed',
      interaction: 'c1',
      agent: 'ann',
      reservation: 'c1#1.1',
      node: 'support',
      target: 'support_en',
    })
    // the desktop's screen pop: the caller waited 2 s in the support queue before ann's phone rang
    expect(bridge.calls()[0]).toMatchObject({
      state: 'ringing',
      startedAt: 1000,
      offeredAt: 3000,
      queue: 'support',
      target: 'support_en',
    })
    tick(4000)
    kamailio('no-answer', { tindex: 3, tlabel: 4, code: 408 })
    await waitFor('reject', () => commands.includes('POST /v1/interactions/c1/reject'), 1000)
    expect(bridge.calls()[0]).toMatchObject({ state: 'queued' })
    expect(bridge.calls()[0]?.offeredAt).toBeUndefined()
    bridge.onRouterEvent({
      type: 'routed',
      interaction: 'c1',
      agent: 'bob',
      reservation: 'c1#1.2',
      node: 'support',
      target: 'support_fr',
    })
    expect(bridge.calls()[0]).toMatchObject({ agent: 'bob', offeredAt: 7000, target: 'support_fr' })
    expect(sent.at(-1)).toMatchObject({ action: 'agent', tindex: 3, tlabel: 4, agent: 'bob' })
    expect(bridge.figures()).toMatchObject({ ronas: 1, overlaps: 0 })
    // each answer names the reservation the phone rang for: ann's RONA cannot reject bob's
    phoneAnswers()
    await waitFor('confirm', () => commands.includes('POST /v1/interactions/c1/confirm'), 1000)
    expect(answers).toEqual([
      ['/v1/interactions/c1/reject', { reservation: 'c1#1.1', reason: 'no-answer', note: 'SIP 408' }],
      ['/v1/interactions/c1/confirm', { reservation: 'c1#1.2' }],
    ])
  })

  it.each([
    [408, 'no-answer'],
    [480, 'no-answer'],
    [486, 'declined'],
    [603, 'declined'],
  ])('rejects an agent leg that ended %i as %s', async (code, reason) => {
    const { bridge, commands, answers, invite, kamailio } = setup()
    invite()
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
    kamailio('no-answer', { tindex: 3, tlabel: 4, code })
    await waitFor('reject', () => commands.includes('POST /v1/interactions/c1/reject'), 1000)
    expect(answers).toEqual([
      ['/v1/interactions/c1/reject', { reservation: 'c1#1.1', reason, note: `SIP ${code}` }],
    ])
  })

  describe('an offer the router withdrew (the host connected its agent to another call)', () => {
    const withdrawn = {
      type: 'reservation-rejected',
      interaction: 'c1',
      agent: 'ann',
      reservation: 'c1#1.1',
      reason: 'withdrawn by the host: ann was connected to c2',
      withdrawn: true,
    }

    it("ringing: no RONA; the router's next answer rings once Kamailio hands the INVITE back", async () => {
      const { bridge, commands, answers, sent, logged, invite, kamailio } = setup()
      invite()
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
      bridge.onRouterEvent(withdrawn)
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'bob', reservation: 'c1#1.2' })
      expect(sent.map((m) => m.agent)).toEqual(['ann'])
      // ann is on c2: her phone answers c1's ring busy
      kamailio('no-answer', { tindex: 3, tlabel: 4, code: 486 })
      expect(sent.at(-1)).toMatchObject({ action: 'agent', tindex: 3, tlabel: 4, agent: 'bob' })
      expect(bridge.figures()).toMatchObject({ ronas: 0 })
      expect(logged).toContain("the router withdrew a ringing call's offer; the ring ends on Kamailio's word")
      kamailio('answered', { ttag: 't1', to: '<sip:5000@x>;tag=t1', contact: 'sip:bob@127.0.0.1:7100' })
      await waitFor('confirm', () => commands.includes('POST /v1/interactions/c1/confirm'), 1000)
      expect(answers).toEqual([['/v1/interactions/c1/confirm', { reservation: 'c1#1.2' }]])
    })

    it('held while the link is down: dropped, so the phone is never rung for it', () => {
      const { bridge, sent, setLinkDown, routedWhileLinkDown } = setup()
      routedWhileLinkDown()
      bridge.onRouterEvent(withdrawn)
      expect(bridge.health().resumesWaiting).toBe(0)
      setLinkDown(false)
      bridge.linkUp(2000)
      expect(sent).toEqual([])
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'bob', reservation: 'c1#1.2' })
      expect(sent).toEqual([expect.objectContaining({ action: 'agent', tindex: 1, tlabel: 2, agent: 'bob' })])
    })
  })

  it('abandons a queued call at once and leaves its held INVITE to the 487 Kamailio sent with the CANCEL', async () => {
    const { bridge, commands, sent, invite, kamailio } = setup()
    invite()
    kamailio('cancel')
    await waitFor('abandon', () => commands.includes('POST /v1/interactions/c1/abandon'), 1000)
    expect(bridge.figures()).toMatchObject({ abandoned: 1, open: 0 })
    // a router answer crossing the abandon resumes nothing: the transaction is gone in Kamailio
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
    expect(sent).toEqual([])
  })

  it("keeps a call whose answer crossed the caller's CANCEL, and abandons one that stays unanswered", async () => {
    const { bridge, commands, invite, kamailio, phoneAnswers } = setup()
    invite()
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann' })
    kamailio('cancel')
    phoneAnswers()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(commands).not.toContain('POST /v1/interactions/c1/abandon')
    expect(bridge.calls()[0]).toMatchObject({ state: 'talking', agent: 'ann' })

    const other = setup()
    other.invite()
    other.bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann' })
    other.kamailio('cancel')
    await waitFor('abandon', () => other.commands.includes('POST /v1/interactions/c1/abandon'), 1000)
    expect(other.bridge.figures()).toMatchObject({ abandoned: 1, abandonedRinging: 1 })
  })

  it.each([
    ['CANCEL before the answer', ['cancel', 'answered']],
    ['answer before the CANCEL', ['answered', 'cancel']],
  ])(
    'accounts a call whose answer crossed the CANCEL once, as answered then released (%s)',
    async (_, events) => {
      const { bridge, commands, invite, kamailio } = setup()
      invite()
      await waitFor('submit', () => commands.includes('POST /v1/interactions'), 1000)
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann' })
      for (const event of events)
        kamailio(event, { ttag: 't1', to: '<sip:5000@x>;tag=t1', contact: 'sip:phone@127.0.0.1:7100' })
      // the caller ACKs the crossing 200 and hangs up at once with BYE (RFC 3261)
      kamailio('bye', { ftag: 'f1', ttag: 't1' })
      await waitFor('complete', () => commands.includes('POST /v1/interactions/c1/complete'), 1000)
      // past the CANCEL's grace: nothing more may be counted
      await new Promise((resolve) => setTimeout(resolve, 100))
      const interaction = commands.filter((c) => c.startsWith('POST /v1/interactions/c1/'))
      expect(interaction).toEqual(['POST /v1/interactions/c1/confirm', 'POST /v1/interactions/c1/complete'])
      expect(bridge.figures()).toMatchObject({
        offered: 1,
        answered: 1,
        abandoned: 0,
        abandonedRinging: 0,
        open: 0,
      })
    },
  )

  it('releases with a BYE to each side and transfers with a REFER; refuses an unknown target', async () => {
    const { bridge, sent, invite, kamailio, connected } = setup()
    await expect(bridge.release('c1')).rejects.toThrow('Call "c1" is not connected to an agent')
    connected()
    await expect(bridge.transfer('c1', 'nobody')).rejects.toThrow(
      'not a routing point number nor a known agent',
    )
    const transfer = bridge.transfer('c1', '5001')
    await waitFor('refer', () => sent.some((m) => m.action === 'refer'), 1000)
    expect(sent.at(-1)).toMatchObject({ action: 'refer', uri: 'sip:+1@127.0.0.1:7000' })
    expect(String(sent.at(-1)!.headers)).toContain('Refer-To: <sip:5001@127.0.0.1:5060>')
    kamailio('bye', { ftag: 'f1', ttag: 't1' })
    await transfer

    invite({ ftag: 'f2', from: '"+1" <sip:+1@x>;tag=f2', tindex: 5, tlabel: 6 })
    expect(bridge.calls().map((c) => c.interaction)).toEqual(['c1', 'c1~2'])
    expect(bridge.calls()[1]!.attached).toEqual({ TransferredFrom: 'ann' })
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1~2', agent: 'ann' })
    bridge.onKamailio({
      event: 'answered',
      callid: 'c1',
      ftag: 'f2',
      ttag: 't2',
      to: '<sip:5001@x>;tag=t2',
      contact: 'sip:phone@127.0.0.1:7200',
    })
    const release = bridge.release('c1')
    // a BYE to each side of the second leg, the agent's phone first
    expect(sent.at(-1)).toEqual({
      action: 'release',
      callid: 'c1',
      ftag: 'f2',
      leg: 2,
      agentUri: 'sip:phone@127.0.0.1:7200',
      agentHeaders:
        'From: "+1" <sip:+1@x>;tag=f2\r\nTo: <sip:5001@x>;tag=t2\r\nCall-ID: c1\r\nCSeq: 1002 BYE\r\nMax-Forwards: 70\r\n',
      callerUri: 'sip:+1@127.0.0.1:7000',
      callerHeaders:
        'From: <sip:5001@x>;tag=t2\r\nTo: "+1" <sip:+1@x>;tag=f2\r\nCall-ID: c1\r\nCSeq: 1002 BYE\r\nMax-Forwards: 70\r\n',
    })
    // the BYEs are out, but the agent's phone has not answered its one yet: the call is not over
    kamailio('released', { ftag: 'f2', code: 200 })
    expect(bridge.calls()[1]!.state).toBe('talking')
    kamailio('agent-bye', { ftag: 'f2', code: 200, answered: true })
    await release
    expect(bridge.calls().every((c) => c.state === 'ended')).toBe(true)
    expect(bridge.figures().releaseByesGivenUp).toBe(0)
  })

  it("rings without a key the strategy removed, on both legs, and keeps a transferred leg's TransferredFrom", async () => {
    const { bridge, sent, invite, kamailio } = setup()
    invite()
    // each data-attached carries the interaction's whole data: the second is the strategy's `remove` of Card
    bridge.onRouterEvent({
      type: 'data-attached',
      interaction: 'c1',
      data: { Line: 'support', Card: '4111' },
    })
    bridge.onRouterEvent({ type: 'data-attached', interaction: 'c1', data: { Line: 'support' } })
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann' })
    expect(sent.at(-1)!.headers).toBe('X-Routewright-Interaction: c1\r\nX-Line: support\r\n')
    expect(bridge.calls()[0]!.attached).toEqual({ Line: 'support' })
    kamailio('answered', { ttag: 't1', to: '<sip:5000@x>;tag=t1', contact: 'sip:phone@127.0.0.1:7100' })
    const transfer = bridge.transfer('c1', '5001')
    await waitFor('refer', () => sent.some((m) => m.action === 'refer'), 1000)
    kamailio('bye', { ftag: 'f1', ttag: 't1' })
    await transfer

    // the next leg: its strategy attaches a Card and removes it; the leg's own TransferredFrom stays
    invite({ ftag: 'f2', from: '"+1" <sip:+1@x>;tag=f2', tindex: 5, tlabel: 6 })
    bridge.onRouterEvent({ type: 'data-attached', interaction: 'c1~2', data: { Card: '4111' } })
    bridge.onRouterEvent({ type: 'data-attached', interaction: 'c1~2', data: {} })
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1~2', agent: 'ann' })
    expect(sent.at(-1)).toMatchObject({ action: 'agent', callid: 'c1', ftag: 'f2', agent: 'ann' })
    expect(sent.at(-1)!.headers).toBe(
      'X-Routewright-Interaction: c1~2\r\nX-Line: support\r\nX-TransferredFrom: ann\r\n',
    )
    expect(bridge.calls()[1]!.attached).toEqual({ Line: 'support', TransferredFrom: 'ann' })
  })

  it("releases the named agent's leg while the call's old leg still talks (the caller's BYE to it not come yet)", async () => {
    const { bridge, sent, invite, kamailio, connected } = setup()
    connected()
    const transfer = bridge.transfer('c1', '5001')
    await waitFor('refer', () => sent.some((m) => m.action === 'refer'), 1000)
    // the caller's phone sends the next leg's INVITE first; bob answers it before ann's leg ended
    invite({ ftag: 'f2', from: '"+1" <sip:+1@x>;tag=f2', tindex: 5, tlabel: 6 })
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1~2', agent: 'bob' })
    kamailio('answered', {
      ftag: 'f2',
      ttag: 't2',
      to: '<sip:5001@x>;tag=t2',
      contact: 'sip:phone@127.0.0.1:7200',
    })
    const legs = () => bridge.calls().map((c) => `${c.interaction} ${c.agent} ${c.state}`)
    expect(legs()).toEqual(['c1 ann talking', 'c1~2 bob talking'])
    // bob's desktop releases the call: his leg, not ann's
    const release = bridge.release('c1', 'bob')
    expect(sent.at(-1)).toMatchObject({
      action: 'release',
      ftag: 'f2',
      leg: 2,
      agentUri: 'sip:phone@127.0.0.1:7200',
    })
    // Kamailio names the released leg by its caller tag
    kamailio('released', { ftag: 'f2', code: 200 })
    kamailio('agent-bye', { ftag: 'f2', code: 200, answered: true })
    await release
    expect(legs()).toEqual(['c1 ann talking', 'c1~2 bob ended'])
    kamailio('bye', { ftag: 'f1', ttag: 't1', leg: 1 })
    await transfer
    expect(legs()).toEqual(['c1 ann ended', 'c1~2 bob ended'])
    await expect(bridge.release('c1', 'ann')).rejects.toThrow('Call "c1" is not connected to ann')
  })

  it('completes a leg it transferred away as a transfer, to where (report counts it), routed or dialled to an agent', async () => {
    const transferredAway = async (s: ReturnType<typeof setup>) => {
      const transfer = s.bridge.transfer('c1', '5001')
      await waitFor('refer', () => s.sent.some((m) => m.action === 'refer'), 1000)
      s.kamailio('bye', { ftag: 'f1', ttag: 't1' })
      await transfer
      await waitFor('complete', () => s.completes.length === 1, 1000)
      return s.completes
    }
    const routed = setup()
    routed.connected()
    expect(await transferredAway(routed)).toEqual([
      ['/v1/interactions/c1/complete', { transferred: true, to: '5001' }],
    ])
    // dialled to ann by id (connected on its answer): its complete comes from direct-calls.ts
    const dialled = setup()
    dialled.invite({ dnis: 'ann' })
    await waitFor('ring', () => dialled.bridge.calls()[0]?.state === 'ringing', 1000)
    dialled.phoneAnswers()
    await waitFor('submit', () => dialled.submits.length === 1, 1000)
    expect(await transferredAway(dialled)).toEqual([
      ['/v1/interactions/c1/complete', { transferred: true, to: '5001' }],
    ])
  })

  it('completes plainly a call whose transfer gave up while it still talks (the REFER never ended the leg)', async () => {
    const { bridge, sent, kamailio, connected, completes } = setup(undefined, { commandTimeoutMs: 50 })
    connected()
    await expect(bridge.transfer('c1', '5001')).rejects.toThrow('did not end within 50 ms')
    expect(sent.some((m) => m.action === 'refer')).toBe(true)
    // no word from Kamailio: the failure counted as unheard
    expect(bridge.figures().transfersFailed).toEqual({ refused: {}, timedOut: 0, linkDown: 0, unheard: 1 })
    kamailio('bye', { ftag: 'f1', ttag: 't1' })
    await waitFor('complete', () => completes.length === 1, 1000)
    expect(completes).toEqual([['/v1/interactions/c1/complete', undefined]])
  })

  it("counts a transfer once when Kamailio's refer-failed comes after the bridge's wait gave up (the first outcome wins)", async () => {
    const { bridge, sent, kamailio, connected } = setup(undefined, { commandTimeoutMs: 50 })
    connected()
    await expect(bridge.transfer('c1', '5001')).rejects.toThrow('did not end within 50 ms')
    expect(sent.some((m) => m.action === 'refer')).toBe(true)
    // the word of the same REFER, late: Kamailio's fr_timer ran out after the bridge's wait did
    kamailio('refer-failed', { leg: 1, code: 408 })
    expect(bridge.calls()[0]).toMatchObject({ state: 'talking', agent: 'ann' })
    expect(bridge.figures().transfersFailed).toEqual({ refused: {}, timedOut: 0, linkDown: 0, unheard: 1 })
    // a second transfer of the call is a transfer of its own: its refusal counts
    const again = bridge.transfer('c1', '5001')
    await waitFor('second refer', () => sent.filter((m) => m.action === 'refer').length === 2, 1000)
    kamailio('refer-failed', { leg: 1, code: 603 })
    await expect(again).rejects.toMatchObject({ code: 'CALL_REFUSED' })
    expect(bridge.figures().transfersFailed).toEqual({
      refused: { 603: 1 },
      timedOut: 0,
      linkDown: 0,
      unheard: 1,
    })
  })

  it("fails a transfer at once on Kamailio's word that its REFER failed, with the code, and completes the call plainly later", async () => {
    // no timeout in reach: only the event can fail the transfer
    const { bridge, sent, kamailio, connected, completes } = setup(undefined, { commandTimeoutMs: 600_000 })
    connected()
    const transfer = bridge.transfer('c1', '5001')
    await waitFor('refer', () => sent.some((m) => m.action === 'refer'), 1000)
    kamailio('refer-failed', { leg: 1, code: 603 })
    // the phone's no: a refusal (the desktop's 409), counted by its code
    await expect(transfer).rejects.toMatchObject({
      code: 'CALL_REFUSED',
      message: "The caller's phone refused the transfer (SIP 603): the call stays with you",
    })
    expect(bridge.figures().transfersFailed).toEqual({
      refused: { 603: 1 },
      timedOut: 0,
      linkDown: 0,
      unheard: 0,
    })
    expect(bridge.calls()[0]).toMatchObject({ state: 'talking', agent: 'ann' })
    // as the timeout does: the mark taken back (Kamailio did already), the leg's later end a plain one
    expect(sent.at(-1)).toEqual({ action: 'transfer-mark', callid: 'c1', leg: 1 })
    kamailio('bye', { ftag: 'f1', ttag: 't1' })
    await waitFor('complete', () => completes.length === 1, 1000)
    expect(completes).toEqual([['/v1/interactions/c1/complete', undefined]])
  })

  it("abandons a transfer's next leg the caller cancels before its BYE of the old leg, and completes the old leg on that BYE", async () => {
    const { bridge, commands, sent, invite, kamailio, connected } = setup()
    connected()
    const transfer = bridge.transfer('c1', '5001')
    await waitFor('refer', () => sent.some((m) => m.action === 'refer'), 1000)
    invite({ ftag: 'f2', from: '"+1" <sip:+1@x>;tag=f2', tindex: 5, tlabel: 6, dnis: '5001' })
    const legs = () => bridge.calls().map((c) => `${c.interaction} ${c.state}`)
    await waitFor('the next leg queued', () => legs().includes('c1~2 queued'), 1000)
    // the caller gives up on the next leg (queued: Kamailio answered its INVITE 487), then ends the old one
    kamailio('cancel', { ftag: 'f2', leg: 2, direct: '' })
    expect(legs()).toEqual(['c1 talking', 'c1~2 ended'])
    expect(commands).toContain('POST /v1/interactions/c1~2/abandon')
    kamailio('bye', { ftag: 'f1', ttag: 't1', leg: 1 })
    await transfer
    expect(legs()).toEqual(['c1 ended', 'c1~2 ended'])
    expect(commands).toContain('POST /v1/interactions/c1/complete')
    expect(commands).not.toContain('POST /v1/interactions/c1/abandon')
    expect(bridge.figures()).toMatchObject({ open: 0 })
  })

  it("completes a released call when Kamailio gives up the BYE the agent's phone never answered, and says so", async () => {
    const { bridge, commands, logged, kamailio, connected } = setup()
    connected()
    const release = bridge.release('c1')
    kamailio('released', { code: 200 })
    expect(commands).not.toContain('POST /v1/interactions/c1/complete')
    kamailio('agent-bye', { code: 408, answered: false })
    await release
    expect(commands.at(-1)).toBe('POST /v1/interactions/c1/complete')
    expect(bridge.figures()).toMatchObject({ releaseByesGivenUp: 1, answered: 1, open: 0 })
    expect(logged).toContain(
      "release: the agent's phone never answered its BYE; agent freed as Kamailio gave the BYE up",
    )
    // a late answer (or a copy of the event) changes nothing
    kamailio('agent-bye', { code: 200, answered: true })
    expect(bridge.figures().releaseByesGivenUp).toBe(1)
  })

  it("completes a released call when Kamailio's word of the agent's BYE never comes, once its give-up time is past", async () => {
    const { bridge, commands, logged, kamailio, connected, advance } = onClock()
    connected()
    const release = bridge.release('c1')
    kamailio('released', { code: 200 })
    // Kamailio answers or gives the BYE up within its fr_timer (5 s): its event may still come until a second later
    await advance(5999)
    expect(bridge.calls()[0]!.state).toBe('talking')
    expect(commands).not.toContain('POST /v1/interactions/c1/complete')
    await advance(1)
    await release
    expect(commands.filter((c) => c.endsWith('/complete'))).toEqual(['POST /v1/interactions/c1/complete'])
    expect(bridge.figures()).toMatchObject({ releaseByesUnheard: 1, releaseByesGivenUp: 0, open: 0 })
    expect(logged).toContain(
      "release: no word of the agent's BYE from Kamailio; agent freed once Kamailio had given it up",
    )
    // the event, come late after all, changes nothing
    kamailio('agent-bye', { code: 200, answered: true })
    expect(commands.filter((c) => c.endsWith('/complete'))).toHaveLength(1)
  })

  it('keeps no deadline once the agent-bye came: the call is completed once', async () => {
    const { bridge, commands, kamailio, connected, clock, advance } = onClock()
    connected()
    const release = bridge.release('c1')
    kamailio('released', { code: 200 })
    await advance(300)
    kamailio('agent-bye', { code: 200, answered: true })
    await release
    // nothing left waiting: neither the release's timeout nor the deadline for a lost agent-bye
    expect(clock.pending()).toBe(0)
    await advance(20_000)
    expect(commands.filter((c) => c.endsWith('/complete'))).toHaveLength(1)
    expect(bridge.figures()).toMatchObject({ releaseByesUnheard: 0, open: 0 })
  })

  it('fails a release Kamailio could not send, leaving the call connected', async () => {
    const { bridge, kamailio, connected } = setup()
    connected()
    const release = bridge.release('c1')
    kamailio('released', { code: 500 })
    await expect(release).rejects.toThrow('Kamailio could not send the BYEs ending the call (code 500)')
    expect(bridge.calls()[0]!.state).toBe('talking')
  })

  it('holds the router answer while the Kamailio link is down and sends the latest once it is back', () => {
    const { bridge, sent, logged, setLinkDown, routedWhileLinkDown } = setup()
    routedWhileLinkDown()
    // the reservation timed out meanwhile and the router picked bob: only the latest answer goes out
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'bob', reservation: 'c1#1.2' })
    expect(sent).toEqual([])
    expect(bridge.calls()[0]).toMatchObject({ state: 'queued' })
    expect(bridge.health()).toMatchObject({ kamailio: { state: 'unknown' }, linkDrops: 1, resumesWaiting: 1 })
    setLinkDown(false)
    bridge.linkUp(800)
    expect(sent).toEqual([expect.objectContaining({ action: 'agent', tindex: 1, tlabel: 2, agent: 'bob' })])
    expect(bridge.calls()[0]).toMatchObject({ state: 'ringing', agent: 'bob' })
    expect(bridge.figures()).toMatchObject({ linkDrops: 1, linkReconnects: 1, resumesHeld: 1, overlaps: 0 })
    expect(bridge.health().resumesWaiting).toBe(0)
    // sent once: a later reconnect has nothing to resend
    bridge.linkUp(10)
    expect(sent).toHaveLength(1)
    expect(logged).toContain('Kamailio link down: the router answer waits for it')
  })

  it('does not ring with an answer held past its age limit: withdraws its reservation and rings the next one', async () => {
    const { bridge, sent, answers, logged, setLinkDown, tick, routedWhileLinkDown, advance } = onClock()
    routedWhileLinkDown()
    // a long outage: ann's reservation (15 s in the router) has expired by the time the link is back
    tick(15_001)
    setLinkDown(false)
    bridge.linkUp(15_001)
    await advance(0)
    expect(sent).toEqual([])
    // withdrawn, not declined: the phone never rang, so the router leaves ann's state as it was
    expect(answers).toEqual([
      [
        '/v1/interactions/c1/reject',
        {
          reservation: 'c1#1.1',
          reason: 'withdrawn',
          note: 'the answer was held 15 s while the Kamailio link was down; the phone never rang',
        },
      ],
    ])
    expect(bridge.calls()[0]).toMatchObject({ state: 'queued' })
    expect(bridge.figures()).toMatchObject({ resumesHeld: 1, resumesStale: 1, overlaps: 0 })
    expect(bridge.health().resumesWaiting).toBe(0)
    expect(logged).toContain(
      'Kamailio link back: a held answer is too old to ring; its reservation is withdrawn for the router to route again',
    )
    // the router routes again: the INVITE still held in Kamailio rings bob
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'bob', reservation: 'c1#1.2' })
    expect(sent).toEqual([expect.objectContaining({ action: 'agent', tindex: 1, tlabel: 2, agent: 'bob' })])
  })

  it('withdraws a held answer before its reservation runs out while the link is still down, and holds the next', async () => {
    const { bridge, sent, answers, setLinkDown, tick, routedWhileLinkDown, advance } = onClock()
    routedWhileLinkDown()
    // due reservationLeadMs (3 s) before the router's 15 s
    await advance(11_999)
    expect(answers).toEqual([])
    tick(12_000)
    await advance(1)
    expect(answers).toEqual([
      [
        '/v1/interactions/c1/reject',
        {
          reservation: 'c1#1.1',
          reason: 'withdrawn',
          note: 'the answer was held 12 s while the Kamailio link was down; the phone never rang',
        },
      ],
    ])
    expect(bridge.health().resumesWaiting).toBe(0)
    // the router offers the call again (ann kept her state): held in turn, and rung once the link is back
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.2' })
    setLinkDown(false)
    bridge.linkUp(13_000)
    expect(sent).toEqual([expect.objectContaining({ action: 'agent', agent: 'ann' })])
    expect(bridge.figures()).toMatchObject({ resumesHeld: 2, resumesStale: 1 })
  })

  it('rings with a held answer still within its age limit', () => {
    const { bridge, sent, answers, setLinkDown, tick, routedWhileLinkDown } = setup()
    routedWhileLinkDown()
    tick(15_000)
    setLinkDown(false)
    bridge.linkUp(15_000)
    expect(sent).toEqual([expect.objectContaining({ action: 'agent', agent: 'ann' })])
    expect(answers).toEqual([])
    expect(bridge.figures()).toMatchObject({ resumesHeld: 1, resumesStale: 0 })
  })

  it('logs a stale held answer whose reservation the router had already replaced (409 stale-reservation)', async () => {
    const stale = { status: 409, body: { error: 'not pending', code: 'stale-reservation', current: null } }
    const { bridge, sent, logged, setLinkDown, tick, routedWhileLinkDown, advance } = onClock(
      (_method, path) => (path.endsWith('/reject') ? stale : undefined),
    )
    routedWhileLinkDown()
    tick(60_000)
    setLinkDown(false)
    bridge.linkUp(60_000)
    await advance(0)
    expect(sent).toEqual([])
    expect(logged).toContain('withdrawn reservation: the router had moved on already')
    expect(logged).not.toContain('router refused')
    expect(bridge.calls()[0]).toMatchObject({ state: 'queued' })
  })

  it('refuses a transfer to an agent who cannot take it before any REFER, so the caller stays with the agent', async () => {
    const agents = [
      { id: 'ann', state: 'busy', reserved: 0 },
      { id: 'dan', state: 'logged-out', reserved: 0 },
      { id: 'erin', state: 'ready', reserved: 1 },
      { id: 'bob', state: 'ready', reserved: 0 },
    ]
    const { bridge, sent, connected, kamailio } = setup((_method, path) =>
      path.split('?')[0] === '/v1/agents' ? { status: 200, body: { agents } } : undefined,
    )
    connected()
    await expect(bridge.transfer('c1', 'dan')).rejects.toThrow(
      'Cannot transfer to dan now: dan is logged-out. The caller stays with you; transfer to a routing point to queue the call, or to an agent who is ready',
    )
    // the desktop's words (after "Transfer to dan failed: "): the state read as words, the way on said once
    await expect(bridge.transfer('c1', 'dan')).rejects.toMatchObject({
      why: 'dan is logged out; the caller is still with you. Pick an agent who is ready, or a routing point to queue the call',
    })
    await expect(bridge.transfer('c1', 'erin')).rejects.toThrow('erin has a call offered or connected')
    expect(sent.some((m) => m.action === 'refer')).toBe(false)
    expect(bridge.calls()[0]).toMatchObject({ state: 'talking', agent: 'ann' })
    const transfer = bridge.transfer('c1', 'bob')
    await waitFor('refer', () => sent.some((m) => m.action === 'refer'), 1000)
    expect(String(sent.at(-1)!.headers)).toContain('Refer-To: <sip:bob@127.0.0.1:5060>')
    kamailio('bye', { ftag: 'f1', ttag: 't1' })
    await transfer
  })

  it("queues the caller at its routing point when the transfer target's state changed before the REFER's INVITE", async () => {
    const agents = [
      { id: 'ann', state: 'busy', reserved: 0 },
      { id: 'bob', state: 'ready', reserved: 0 },
    ]
    const { bridge, sent, commands, logged, connected, kamailio, invite } = setup((_method, path) =>
      path.split('?')[0] === '/v1/agents' ? { status: 200, body: { agents } } : undefined,
    )
    connected()
    const transfer = bridge.transfer('c1', 'bob')
    await waitFor('refer', () => sent.some((m) => m.action === 'refer'), 1000)
    kamailio('bye', { ftag: 'f1', ttag: 't1' })
    await transfer
    // bob goes not ready between the transfer's check and the INVITE the caller sends after the REFER
    agents[1] = { id: 'bob', state: 'not-ready', reserved: 0 }
    invite({ ftag: 'f2', from: '"+1" <sip:+1@x>;tag=f2', dnis: 'bob', tindex: 5, tlabel: 6 })
    await waitFor(
      'the caller queued',
      () => commands.filter((c) => c === 'POST /v1/interactions').length === 2,
      1000,
    )
    expect(sent.some((m) => m.action === 'reply')).toBe(false)
    expect(bridge.calls()[1]).toMatchObject({
      interaction: 'c1~2',
      state: 'queued',
      attached: { TransferredFrom: 'ann', TransferFailed: 'bob: bob is not-ready' },
    })
    expect(logged).toContain('the transfer target cannot take the call now; the caller is queued instead')
    // the router's next agent rings on the INVITE Kamailio holds
    bridge.onRouterEvent({
      type: 'routed',
      interaction: 'c1~2',
      agent: 'ann',
      node: 'support',
      target: 'group:x',
    })
    expect(sent.at(-1)).toMatchObject({ action: 'agent', tindex: 5, tlabel: 6, agent: 'ann' })
    expect(bridge.figures()).toMatchObject({ transfersQueued: 1, offered: 2 })
  })

  it("holds a transfer's next leg that kept the caller's tag while the old leg still talks: Kamailio's words name their leg", async () => {
    const { bridge, sent, invite, kamailio, connected, agentStates } = setup()
    connected()
    agentStates.set('bob', 'ready')
    void bridge.transfer('c1', 'bob').catch(() => {})
    await waitFor('refer', () => sent.some((m) => m.action === 'refer'), 1000)
    // the caller's INVITE to bob with its old tag, before the BYE of ann's leg: two legs talk under f1
    invite({ dnis: 'bob', leg: 2, tindex: 5, tlabel: 6 })
    await waitFor('the ring of bob', () => sent.some((m) => m.action === 'agent' && m.agent === 'bob'), 1000)
    kamailio('answered', {
      by: 'bob',
      leg: 2,
      ttag: 't2',
      to: '<sip:bob@x>;tag=t2',
      contact: 'sip:phone@127.0.0.1:7200',
      sdp: Buffer.from(
        'v=0\r\no=agent 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n',
      ).toString('base64'),
    })
    expect(bridge.calls().map((c) => [c.interaction, c.state, c.agent])).toEqual([
      ['c1', 'talking', 'ann'],
      ['c1~2', 'talking', 'bob'],
    ])
    const held = bridge.hold('c1', 'bob')
    expect(sent.at(-1)).toMatchObject({ action: 'reinvite', callid: 'c1', ftag: 'f1', leg: 2 })
    kamailio('reinvited', { leg: 2, code: 200 })
    await held
    expect(bridge.calls().map((c) => [c.interaction, c.held === true])).toEqual([
      ['c1', false],
      ['c1~2', true],
    ])
  })

  it("holds with the phone's SDP sendonly and retrieves sendrecv (re-INVITEs), 409s the wrong state, and counts the hold time", async () => {
    const { bridge, sent, invite, kamailio, tick } = setup()
    invite()
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann' })
    const phoneSdp =
      'v=0\r\no=agent 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n'
    kamailio('answered', {
      ttag: 't1',
      to: '<sip:5000@x>;tag=t1',
      contact: 'sip:phone@127.0.0.1:7100',
      sdp: Buffer.from(phoneSdp).toString('base64'),
    })
    await expect(bridge.retrieve('c1')).rejects.toMatchObject({ code: 'CALL_REFUSED' })
    const held = bridge.hold('c1')
    expect(sent.at(-1)).toMatchObject({ action: 'reinvite', callid: 'c1', uri: 'sip:+1@127.0.0.1:7000' })
    expect(String(sent.at(-1)!.headers)).toContain('CSeq: 201 INVITE\r\nContact: <sip:phone@127.0.0.1:7100>')
    expect(sent.at(-1)!.body).toContain('o=agent 1 2 IN IP4 127.0.0.1\r\n')
    expect(sent.at(-1)!.body).toMatch(/a=sendonly\r\n$/)
    // one re-INVITE at a time: a transfer or second hold now is refused, nothing sent
    await expect(bridge.transfer('c1', '5001')).rejects.toMatchObject({ code: 'CALL_REFUSED' })
    kamailio('reinvited', { code: 200 })
    await held
    expect(bridge.calls()[0]).toMatchObject({ held: true, heldAt: 1000 })
    await expect(bridge.hold('c1')).rejects.toThrow('The caller is already on hold')
    tick(3000)
    const retrieved = bridge.retrieve('c1')
    expect(sent.at(-1)!.body).toMatch(/o=agent 1 3 [\s\S]*a=sendrecv\r\n$/)
    kamailio('reinvited', { code: 488 })
    // the phone's no: a refusal with what the code means (the desktop's 409), the call as it was
    await expect(retrieved).rejects.toMatchObject({
      code: 'CALL_REFUSED',
      message:
        "The caller's phone refused the retrieve (SIP 488 Not Acceptable Here: the phone does not take the media offered): the caller stays on hold",
    })
    expect(bridge.calls()[0]).toMatchObject({ held: true })
    // no answer within Kamailio's fr_timer (its own 408) failed on the way: no refusal (the desktop's 502)
    const unanswered = bridge.retrieve('c1').catch((error: Error & { code?: string }) => error)
    kamailio('reinvited', { code: 408 })
    const timedOut = (await unanswered) as Error & { code?: string }
    expect(timedOut.message).toBe(
      "The caller's phone did not answer the retrieve: it timed out in Kamailio (SIP 408, no answer within its transaction timer); the caller stays on hold",
    )
    expect(timedOut.code).toBeUndefined()
    expect(bridge.calls()[0]).toMatchObject({ held: true })
    // the caller hangs up on hold: those 5 s count
    tick(2000)
    kamailio('bye', { ftag: 'f1', ttag: 't1' })
    expect(bridge.calls()[0]).toMatchObject({ state: 'ended', held: false, heldMs: 5000 })
  })

  it("tells a re-INVITE Kamailio sent nothing of (t_uac_send failed, the caller's ACK never came) from the phone's no", async () => {
    const { bridge, sent, invite, kamailio, advance } = onClock(undefined, { commandTimeoutMs: 1000 })
    invite()
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann' })
    const phoneSdp = 'v=0\r\no=agent 1 1 IN IP4 127.0.0.1\r\nm=audio 6000 RTP/AVP 0\r\n'
    kamailio('answered', {
      ttag: 't1',
      to: '<sip:5000@x>;tag=t1',
      contact: 'sip:phone@127.0.0.1:7100',
      sdp: Buffer.from(phoneSdp).toString('base64'),
    })
    const reinvites = () => sent.filter((m) => m.action === 'reinvite')
    type Failure = Error & { code?: string }
    // Kamailio's t_uac_send failed: its own 500, nothing went to the caller; a failure on the way (502), no refusal
    const unsent = bridge.hold('c1').catch((error: Failure) => error)
    kamailio('reinvited', { code: 500, sent: false })
    const failed = (await unsent) as Failure
    expect(failed).toMatchObject({
      message:
        "Kamailio could not send the re-INVITE: the hold never reached the caller's phone (SIP 500 from Kamailio, see its log); the caller is not on hold",
    })
    expect(failed.code).toBeUndefined()
    expect(bridge.calls()[0]!.held).not.toBe(true)
    // the caller never ACKs the call's 2xx: Kamailio holds each try back (491) until the command's 1000 ms are spent
    const pending = bridge.hold('c1').catch((error: Failure) => error)
    for (let i = 0; i < 10; i++) {
      expect(reinvites()).toHaveLength(2 + i)
      kamailio('reinvited', { code: 491, sent: false })
      await advance(100)
    }
    const neverAcked = (await pending) as Failure
    expect(neverAcked).toMatchObject({
      message:
        "The caller's phone never acknowledged the call's answer (no ACK of its 200 OK within 1000 ms): Kamailio did not send the hold; the caller is not on hold",
    })
    expect(neverAcked.code).toBeUndefined()
    expect(reinvites()).toHaveLength(11)
    // none of them reached the caller: the next takes the dialog's first re-INVITE CSeq still
    expect(reinvites().every((m) => String(m.headers).includes('CSeq: 201 INVITE'))).toBe(true)
    // the caller's phone's own 491 is its answer: told at once (409, try again), not sent again
    const refused = bridge.hold('c1')
    kamailio('reinvited', { code: 491 })
    await expect(refused).rejects.toMatchObject({
      code: 'CALL_REFUSED',
      message:
        "The caller's phone refused the hold (SIP 491 Request Pending: another offer of this call was under way; try again): the caller is not on hold",
    })
    await advance(1000)
    expect(reinvites()).toHaveLength(12)
    expect(bridge.calls()[0]!.held).not.toBe(true)
  })

  it.each([
    ['offers the SDP Kamailio kept', 'v=0\r\no=agent 7 7 IN IP4 127.0.0.1\r\nm=audio 6000 RTP/AVP 0\r\n'],
    ['refuses with why when Kamailio kept none', undefined],
  ])('holds a call answered unheard (no SDP in its events): %s', async (_, kept) => {
    const asked: string[] = []
    const { bridge, sent, connected } = setup(undefined, {
      agentSdp: async (key) => {
        asked.push(key)
        return kept
      },
    })
    // answered as reconciliation replays it: the answered event's SDP never came
    connected()
    const hold = bridge.hold('c1')
    if (kept === undefined) {
      await expect(hold).rejects.toMatchObject({
        code: 'CALL_REFUSED',
        message:
          "Kamailio has no SDP of the agent's phone for this call (answered while its link was down, and not in its sdp table)",
      })
      expect(sent.filter((m) => m.action === 'reinvite')).toEqual([])
    } else {
      await waitFor('the re-INVITE', () => sent.some((m) => m.action === 'reinvite'), 1000)
      expect(sent.at(-1)!.body).toMatch(/^v=0\r\no=agent 7 8 IN IP4 127.0.0.1\r\n[\s\S]*a=sendonly\r\n$/)
    }
    expect(asked).toEqual(['c1|f1'])
  })

  it('fails a release or transfer at once while the link is down, leaving the call connected and nothing waiting', async () => {
    const { bridge, sent, invite, kamailio, setLinkDown, connected, clock, advance } = onClock()
    connected()
    await advance(0)
    setLinkDown(true)
    await expect(bridge.release('c1')).rejects.toThrow('link down: the release was not sent')
    await expect(bridge.transfer('c1', '5001')).rejects.toThrow('link down: the refer was not sent')
    expect(bridge.figures().transfersFailed).toEqual({ refused: {}, timedOut: 0, linkDown: 1, unheard: 0 })
    // no release timeout left to fire later, unheard
    expect(clock.pending()).toBe(0)
    expect(bridge.calls()[0]!.state).toBe('talking')
    setLinkDown(false)
    const release = bridge.release('c1')
    expect(sent.at(-1)).toMatchObject({ action: 'release', callid: 'c1' })
    kamailio('released', { code: 200 })
    kamailio('agent-bye', { code: 200, answered: true })
    await release
    expect(bridge.figures()).toMatchObject({ answered: 1, open: 0 })
    // the refused transfer carried nothing to a next leg
    invite({ ftag: 'f2', from: '"+1" <sip:+1@x>;tag=f2', tindex: 5, tlabel: 6 })
    expect(bridge.calls()[1]!.attached).toEqual({})
  })

  describe('reconciles with Kamailio once the link is back', () => {
    /**
     * heldCalls answering when the test says: the calls Kamailio holds (keys of queued calls, or each key's value in
     * Kamailio's `calls` htable), or a failure.
     */
    function kamailioAsked() {
      type Answer = string[] | Record<string, string> | Error
      let answer: (held: Answer) => void = () => {}
      let asked = 0
      const heldCalls = () => {
        asked++
        return new Promise<ReadonlyMap<string, KamailioCallState>>((resolve, reject) => {
          answer = (held) => {
            if (held instanceof Error) return reject(held)
            const values = Array.isArray(held) ? Object.fromEntries(held.map((k) => [k, 'queued|1|2'])) : held
            resolve(new Map(Object.entries(values).map(([k, v]) => [k, parseCallState(v)])))
          }
        })
      }
      return { heldCalls, answer: (held: Answer) => answer(held), asked: () => asked }
    }

    it('ends at the router the calls Kamailio no longer holds: queued abandoned, talking completed', async () => {
      const k = kamailioAsked()
      const { bridge, commands, sent, invite, kamailio, setLinkDown } = setup(undefined, {
        heldCalls: k.heldCalls,
      })
      invite() // c1 queued: its caller hangs up while the link is down
      invite({ callid: 'c2', ftag: 'f2', tindex: 3, tlabel: 4 })
      bridge.onRouterEvent({ type: 'routed', interaction: 'c2', agent: 'ann' })
      kamailio('answered', { callid: 'c2', ftag: 'f2', ttag: 't2', contact: 'sip:phone@127.0.0.1:7100' })
      invite({ callid: 'c3', ftag: 'f3', tindex: 5, tlabel: 6 }) // still queued in Kamailio
      setLinkDown(true)
      bridge.linkDown('connection lost')
      setLinkDown(false)
      bridge.linkUp(2000)
      expect(k.asked()).toBe(1)
      expect(bridge.health().reconciled.last).toMatchObject({ state: 'running', checked: 3 })
      k.answer(['c3|f3', 'someone-else|x'])
      await waitFor('the reconciliation', () => bridge.health().reconciled.last?.state === 'done', 1000)
      expect(commands.filter((c) => /abandon|complete/.test(c))).toEqual([
        'POST /v1/interactions/c1/abandon',
        'POST /v1/interactions/c2/complete',
      ])
      expect(bridge.calls().map((c) => [c.interaction, c.state])).toEqual([
        ['c1', 'ended'],
        ['c2', 'ended'],
        ['c3', 'queued'],
      ])
      expect(bridge.figures()).toMatchObject({ reconciledAbandoned: 1, reconciledCompleted: 1, open: 1 })
      // nothing sent to Kamailio for them: it answered the CANCEL of c1's held INVITE itself
      expect(sent.filter((m) => m.action === 'reply')).toEqual([])
      expect(bridge.health().reconciled).toEqual({
        abandoned: 1,
        completed: 1,
        unknown: 0,
        answered: 0,
        ronas: 0,
        withdrawn: 0,
        unrung: 0,
        failures: 0,
        last: { at: 1000, state: 'done', checked: 3, gone: 2 },
      })
    })

    it("completes plainly a leg whose transfer still waits when Kamailio's `ended` carries no mark (its REFER failed meanwhile)", async () => {
      const k = kamailioAsked()
      const ended = new Map<string, string>()
      const { bridge, sent, connected, setLinkDown, completes } = setup(undefined, {
        heldCalls: k.heldCalls,
        callEnd: async (key) => {
          const value = ended.get(key)
          return value === undefined ? undefined : parseCallEnd(value)
        },
        commandTimeoutMs: 600_000,
      })
      connected()
      const transfer = bridge.transfer('c1', '5001')
      await waitFor('refer', () => sent.some((m) => m.action === 'refer'), 1000)
      // the link drops: the REFER's failure and the caller's BYE are lost with it; Kamailio took the mark back
      setLinkDown(true)
      bridge.linkDown('connection lost')
      ended.set(
        'c1|f1',
        'bye|1796133251.1||talking|ann|1796133250.5|sip:phone@127.0.0.1:7100|<sip:5000@x>;tag=t1',
      )
      setLinkDown(false)
      bridge.linkUp(2000)
      k.answer([])
      await waitFor('the reconciliation', () => bridge.health().reconciled.last?.state === 'done', 1000)
      await transfer
      await waitFor('complete', () => completes.length === 1, 1000)
      // before, the bridge's pending record named the transfer: `{ transferred: true, to: '5001' }`
      expect(completes).toEqual([['/v1/interactions/c1/complete', undefined]])
    })

    it('never takes a call whose INVITE came after the link was back for gone, nor one ended meanwhile', async () => {
      const k = kamailioAsked()
      const { bridge, commands, invite, kamailio } = setup(undefined, { heldCalls: k.heldCalls })
      invite()
      bridge.linkDown('connection lost')
      bridge.linkUp(500)
      // before Kamailio answers: the caller of c1 hangs up (its CANCEL heard), and a new call comes in
      kamailio('cancel')
      invite({ callid: 'c9', ftag: 'f9' })
      k.answer([])
      await waitFor('the reconciliation', () => bridge.health().reconciled.last?.state === 'done', 1000)
      expect(commands.filter((c) => c.endsWith('/abandon'))).toEqual(['POST /v1/interactions/c1/abandon'])
      expect(bridge.calls().find((c) => c.interaction === 'c9')?.state).toBe('queued')
      expect(bridge.figures()).toMatchObject({ reconciledAbandoned: 0, reconciledCompleted: 0 })
    })

    it('takes a ring-no-answer lost while the link was down the live RONA path, on the transaction Kamailio holds now', async () => {
      const k = kamailioAsked()
      const { bridge, answers, sent, invite, setLinkDown } = setup(undefined, { heldCalls: k.heldCalls })
      invite()
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
      setLinkDown(true)
      bridge.linkDown('connection lost')
      setLinkDown(false)
      bridge.linkUp(3000)
      k.answer({ 'c1|f1': 'queued|7|8|408|ann' })
      await waitFor('the reconciliation', () => bridge.health().reconciled.last?.state === 'done', 1000)
      // not answered (408), as a live RONA: the router makes ann not ready and offers the call to the next agent
      expect(answers).toEqual([
        ['/v1/interactions/c1/reject', { reservation: 'c1#1.1', reason: 'no-answer', note: 'SIP 408' }],
      ])
      expect(bridge.calls()[0]).toMatchObject({ state: 'queued' })
      expect(bridge.figures()).toMatchObject({ ronas: 1, reconciledRonas: 1, reconciledAbandoned: 0 })
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'bob', reservation: 'c1#1.2' })
      expect(sent.at(-1)).toMatchObject({ action: 'agent', tindex: 7, tlabel: 8, agent: 'bob' })
    })

    it('ignores and logs a reconciled answer of an agent rung before, as the live one, the ring going on', async () => {
      const k = kamailioAsked()
      const logged: Array<[string, Record<string, unknown> | undefined]> = []
      const { bridge, answers, invite, kamailio, setLinkDown } = setup(undefined, {
        heldCalls: k.heldCalls,
        log: (message, fields) => logged.push([message, fields]),
      })
      invite()
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
      kamailio('no-answer', { tindex: 1, tlabel: 3, code: 408 })
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'bob', reservation: 'c1#1.2' })
      setLinkDown(true)
      bridge.linkDown('connection lost')
      setLinkDown(false)
      bridge.linkUp(2000)
      // Kamailio's `calls` item: talking with ann's phone, rung before bob's
      k.answer({ 'c1|f1': 'talking|ann|1796133248.8|sip:ann@127.0.0.1:7100|<sip:5000@x>;tag=ann1' })
      await waitFor('the reconciliation', () => bridge.health().reconciled.last?.state === 'done', 1000)
      expect(bridge.calls()[0]).toMatchObject({ state: 'ringing', agent: 'bob' })
      expect(answers.filter(([path]) => path.endsWith('/confirm'))).toEqual([])
      expect(logged).toContainEqual([
        'answer ignored: it is not of the agent ringing now',
        { interaction: 'c1', answeredBy: 'ann', ringing: 'bob', reconciled: true },
      ])
      expect(bridge.health().reconciled).toMatchObject({ answered: 0, abandoned: 0, completed: 0 })
    })

    it('withdraws a ring that went down with the connection (Kamailio holds it unrung) and rings the next answer', async () => {
      const k = kamailioAsked()
      const { bridge, answers, sent, invite, setLinkDown } = setup(undefined, { heldCalls: k.heldCalls })
      invite()
      // the ring is written to a connection already dead: Kamailio never reads it
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
      expect(sent.at(-1)).toMatchObject({ action: 'agent', agent: 'ann' })
      setLinkDown(true)
      bridge.linkDown('connection lost')
      setLinkDown(false)
      bridge.linkUp(300)
      k.answer({ 'c1|f1': 'queued|1|2' })
      await waitFor('the reconciliation', () => bridge.health().reconciled.last?.state === 'done', 1000)
      // ann's phone never rang: no RONA (she keeps her state), the offer taken back for the router to make again
      expect(answers).toEqual([
        [
          '/v1/interactions/c1/reject',
          {
            reservation: 'c1#1.1',
            reason: 'withdrawn',
            note: 'the ring was lost with the Kamailio link: the phone never rang',
          },
        ],
      ])
      expect(bridge.calls()[0]).toMatchObject({ state: 'queued' })
      expect(bridge.calls()[0]?.agent).toBeUndefined()
      expect(bridge.figures()).toMatchObject({ ronas: 0, reconciledUnrung: 1, reconciledRonas: 0 })
      expect(bridge.health().reconciled).toMatchObject({ unrung: 1, ronas: 0, withdrawn: 0 })
      // the router's next offer rings the INVITE Kamailio holds
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.2' })
      expect(sent.at(-1)).toMatchObject({
        action: 'agent',
        tindex: 1,
        tlabel: 2,
        agent: 'ann',
        reservation: 'c1#1.2',
      })
      expect(bridge.calls()[0]).toMatchObject({ state: 'ringing', agent: 'ann' })
    })

    it('takes no ring-no-answer from a listing of the INVITE before the held answer rang it', async () => {
      const k = kamailioAsked()
      const { bridge, answers, sent, invite, setLinkDown } = setup(undefined, { heldCalls: k.heldCalls })
      invite()
      setLinkDown(true)
      bridge.linkDown('connection lost')
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
      setLinkDown(false)
      bridge.linkUp(500)
      expect(sent).toEqual([expect.objectContaining({ action: 'agent', agent: 'ann' })])
      // Kamailio listed the call before the ring reached it: held, with no ring lost
      k.answer({ 'c1|f1': 'queued|1|2' })
      await waitFor('the reconciliation', () => bridge.health().reconciled.last?.state === 'done', 1000)
      expect(answers).toEqual([])
      expect(bridge.calls()[0]).toMatchObject({ state: 'ringing', agent: 'ann' })
      expect(bridge.figures()).toMatchObject({ ronas: 0, reconciledRonas: 0 })
    })

    it('abandons a ringing call gone from Kamailio with no word of its end, and counts it as unknown', async () => {
      const k = kamailioAsked()
      const { bridge, commands, invite } = setup(undefined, {
        heldCalls: k.heldCalls,
        callEnd: async () => undefined,
      })
      invite()
      bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
      bridge.linkDown('connection lost')
      bridge.linkUp(3000)
      k.answer([])
      await waitFor('the reconciliation', () => bridge.health().reconciled.last?.state === 'done', 1000)
      expect(commands.filter((c) => /abandon|complete|confirm/.test(c))).toEqual([
        'POST /v1/interactions/c1/abandon',
      ])
      expect(bridge.health().reconciled).toMatchObject({ abandoned: 1, unknown: 1, answered: 0 })
    })

    describe("before a ringing call's reservation runs out while the link is down", () => {
      /** c1 rings ann (reservation c1#1.1), then the link drops; the check is due 12 s after the routed event. */
      async function ringingThenDown(heldCalls = kamailioAsked(), refuse?: Parameters<typeof setup>[0]) {
        const t = onClock(refuse, { heldCalls: heldCalls.heldCalls })
        t.invite()
        t.bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
        t.setLinkDown(true)
        t.bridge.linkDown('connection lost')
        await t.advance(11_999)
        expect(heldCalls.asked()).toBe(0)
        t.tick(12_000)
        await t.advance(1)
        expect(heldCalls.asked()).toBe(1)
        return { ...t, k: heldCalls }
      }

      it("asks Kamailio before serve's reservation timeout runs out (read from serve), not the bridge's own", async () => {
        const k = kamailioAsked()
        const t = onClock(
          (method, path) =>
            method === 'GET' && path === '/v1/limits'
              ? { status: 200, body: { maxAddressChars: 128, reservationTimeoutMs: 8000 } }
              : undefined,
          { heldCalls: k.heldCalls, reservationTimeoutMs: 20_000 },
        )
        await t.bridge.readServeLimits()
        t.invite()
        t.bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.1' })
        t.setLinkDown(true)
        t.bridge.linkDown('connection lost')
        // serve's 8 s less the 3 s lead, not the bridge's 20 s less 3
        await t.advance(4999)
        expect(k.asked()).toBe(0)
        await t.advance(1)
        expect(k.asked()).toBe(1)
      })

      it('withdraws it while the phone still rings; its ring-no-answer then rings the next answer, declining nothing', async () => {
        const { bridge, answers, sent, k, setLinkDown, advance } = await ringingThenDown()
        k.answer({ 'c1|f1': 'ringing|ann' })
        await advance(0)
        expect(answers).toEqual([
          [
            '/v1/interactions/c1/reject',
            {
              reservation: 'c1#1.1',
              reason: 'withdrawn',
              note: "the Kamailio link was down 12 s while the phone rang; the agent's phone still rang",
            },
          ],
        ])
        expect(bridge.health().reconciled).toMatchObject({ withdrawn: 1, ronas: 0 })
        // the router routes again while the link is down: that answer waits for Kamailio's INVITE
        bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'bob', reservation: 'c1#1.2' })
        setLinkDown(false)
        bridge.linkUp(14_000)
        expect(sent).toHaveLength(1)
        k.answer({ 'c1|f1': 'queued|1|3|408|ann' })
        await advance(0)
        expect(answers).toHaveLength(1)
        expect(sent.at(-1)).toMatchObject({ action: 'agent', tindex: 1, tlabel: 3, agent: 'bob' })
        expect(bridge.calls()[0]).toMatchObject({ state: 'ringing', agent: 'bob' })
        expect(bridge.figures()).toMatchObject({ ronas: 0, reconciledWithdrawn: 1 })
      })

      it('withdraws the offer held for that call before it runs out in turn while the link stays down', async () => {
        const { bridge, answers, k, tick, advance } = await ringingThenDown()
        k.answer({ 'c1|f1': 'ringing|ann' })
        await advance(0)
        // the router offers ann the call again: held, the INVITE being Kamailio's while her phone rings
        bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann', reservation: 'c1#1.2' })
        await advance(11_999)
        expect(answers).toHaveLength(1)
        tick(12_000)
        await advance(1)
        // her phone never rang for it: taken back (no RONA) before the router's timeout would make her not ready
        expect(answers.at(-1)).toEqual([
          '/v1/interactions/c1/reject',
          {
            reservation: 'c1#1.2',
            reason: 'withdrawn',
            note: 'the answer was held 12 s while the Kamailio link was down; the phone never rang',
          },
        ])
        expect(bridge.figures()).toMatchObject({ ronas: 0, resumesStale: 1, resumesHeld: 0 })
        expect(bridge.health().resumesWaiting).toBe(0)
      })

      it("rings the router's offer held for a withdrawn ring once Kamailio says that ring was lost, withdrawing no more", async () => {
        const { bridge, answers, sent, k, kamailio, setLinkDown, advance } = await ringingThenDown()
        // Kamailio cannot be asked at the check: withdrawn (no RONA), and the router's next offer held
        k.answer(new Error('connect ECONNREFUSED'))
        await advance(0)
        bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'bob', reservation: 'c1#1.2' })
        setLinkDown(false)
        bridge.linkUp(2000)
        expect(sent).toHaveLength(1)
        // the ring went down with the connection: Kamailio holds the INVITE unrung
        k.answer({ 'c1|f1': 'queued|1|2' })
        await advance(0)
        // bob's offer is the router's current one: rung at once on that INVITE, not withdrawn in turn
        const reservations = answers.map(([path, body]) => [
          path,
          (body as { reservation?: string }).reservation,
        ])
        expect(reservations).toEqual([['/v1/interactions/c1/reject', 'c1#1.1']])
        expect(sent.at(-1)).toMatchObject({
          action: 'agent',
          tindex: 1,
          tlabel: 2,
          agent: 'bob',
          reservation: 'c1#1.2',
        })
        expect(bridge.health().reconciled).toMatchObject({ unrung: 1, withdrawn: 1, failures: 1 })
        // a ring of the router's current offer like any: its ring-no-answer is bob's RONA
        kamailio('no-answer', { tindex: 1, tlabel: 3, code: 408 })
        expect(answers.at(-1)).toEqual([
          '/v1/interactions/c1/reject',
          { reservation: 'c1#1.2', reason: 'no-answer', note: 'SIP 408' },
        ])
        expect(bridge.figures()).toMatchObject({ ronas: 1, reconciledUnrung: 1 })
      })

      it('confirms it when Kamailio says the agent answered', async () => {
        const { bridge, answers, k, advance } = await ringingThenDown()
        k.answer({ 'c1|f1': 'talking|ann|1796133248.830228|sip:phone@127.0.0.1:7100|<sip:5000@x>;tag=t1' })
        await advance(0)
        expect(answers).toEqual([['/v1/interactions/c1/confirm', { reservation: 'c1#1.1' }]])
        expect(bridge.calls()[0]).toMatchObject({ state: 'talking', answeredAt: 1796133248830 })
        expect(bridge.health().reconciled).toMatchObject({ answered: 1, withdrawn: 0 })
      })

      it("confirms with Kamailio's answer time, heard late, so the router's handle time counts from it", async () => {
        const { answers, k, advance } = await ringingThenDown()
        // answered 3 s into the call (Kamailio's clock), heard at 13 s
        k.answer({ 'c1|f1': 'talking|ann|3.0|sip:phone@127.0.0.1:7100|<sip:5000@x>;tag=t1' })
        await advance(0)
        expect(answers).toEqual([['/v1/interactions/c1/confirm', { reservation: 'c1#1.1', at: 3000 }]])
      })

      it('sends the confirm again without the time when the router cannot take it (answer-time)', async () => {
        let refusals = 0
        const refuse = (_method: string, path: string) =>
          path.endsWith('/confirm') && refusals++ === 0
            ? { status: 409, body: { code: 'answer-time', error: '"at" is in the future' } }
            : undefined
        const { answers, k, logged, advance } = await ringingThenDown(kamailioAsked(), refuse)
        k.answer({ 'c1|f1': 'talking|ann|3.0|sip:phone@127.0.0.1:7100|<sip:5000@x>;tag=t1' })
        await advance(0)
        expect(answers).toEqual([
          ['/v1/interactions/c1/confirm', { reservation: 'c1#1.1', at: 3000 }],
          ['/v1/interactions/c1/confirm', { reservation: 'c1#1.1' }],
        ])
        expect(logged).toContain("router refused Kamailio's answer time; the answer is sent again without it")
      })

      it('connects a withdrawn ring the agent then answered, with its answer time, and drops the newer held answer', async () => {
        const { bridge, answers, sent, k, setLinkDown, logged, advance } = await ringingThenDown()
        k.answer({ 'c1|f1': 'ringing|ann' })
        await advance(0)
        // the router offers the call to bob meanwhile: held, as the INVITE is ann's ring in Kamailio
        bridge.onRouterEvent({
          type: 'routed',
          interaction: 'c1',
          agent: 'bob',
          reservation: 'c1#1.2',
          at: 12_500,
        })
        expect(bridge.health().resumesWaiting).toBe(1)
        setLinkDown(false)
        bridge.linkUp(14_000)
        // ann answered at 12.8 s, after the withdrawal
        k.answer({ 'c1|f1': 'talking|ann|12.8|sip:phone@127.0.0.1:7100|<sip:5000@x>;tag=t1' })
        await advance(0)
        expect(answers.slice(1)).toEqual([
          [
            '/v1/interactions/c1/connect',
            {
              agent: 'ann',
              note: 'answered after its offer was withdrawn while the Kamailio link was down',
              at: 12_800,
            },
          ],
        ])
        expect(bridge.calls()[0]).toMatchObject({ state: 'talking', agent: 'ann' })
        expect(bridge.health().resumesWaiting).toBe(0)
        expect(bridge.figures()).toMatchObject({ connectedAfterWithdrawal: 1, ronas: 0 })
        expect(logged).toContain(
          'answered after its reservation was withdrawn while the Kamailio link was down; the router is told',
        )
        // ann's first ring only: bob's held answer rang nobody
        expect(sent.map((m) => m.agent)).toEqual(['ann'])
      })

      it('withdraws it when Kamailio cannot be asked', async () => {
        const { bridge, answers, k, advance } = await ringingThenDown()
        k.answer(new Error('connect ECONNREFUSED 127.0.0.1:5080'))
        await advance(0)
        expect(answers).toEqual([
          [
            '/v1/interactions/c1/reject',
            expect.objectContaining({ reservation: 'c1#1.1', reason: 'withdrawn' }),
          ],
        ])
        expect(bridge.health().reconciled).toMatchObject({ withdrawn: 1, failures: 1 })
      })
    })

    it('counts and logs a Kamailio it cannot ask, ending nothing', async () => {
      const k = kamailioAsked()
      const { bridge, commands, invite, logged } = setup(undefined, { heldCalls: k.heldCalls })
      invite()
      bridge.linkDown('connection lost')
      bridge.linkUp(500)
      k.answer(new Error('connect ECONNREFUSED 127.0.0.1:5080'))
      await waitFor('the failure', () => bridge.health().reconciled.failures === 1, 1000)
      expect(bridge.health().reconciled.last).toMatchObject({
        state: 'failed',
        error: 'connect ECONNREFUSED 127.0.0.1:5080',
      })
      expect(commands.filter((c) => c.endsWith('/abandon'))).toEqual([])
      expect(logged).toContain(
        'Kamailio link back: could not ask Kamailio which calls it holds; calls whose end was lost stay open',
      )
    })
  })
})

describe("the bridge taking over a gone bridge's calls", () => {
  const keptInvite = {
    callid: 'x1',
    ftag: 'fx',
    ani: '+2',
    dnis: '5000',
    contact: 'sip:+2@127.0.0.1:7002',
    from: '"+2" <sip:+2@x>;tag=fx',
  }
  const routed = (interaction: string, reservation = 'r1') => ({
    type: 'routed',
    interaction,
    agent: 'ann',
    reservation,
  })

  it('asks Kamailio to take a call the router routed that it never took, and rings it with that reservation', async () => {
    const { bridge, sent, answers } = setup()
    bridge.onRouterEvent(routed('x1~2'))
    expect(sent.at(-1)).toEqual({ action: 'take', callid: 'x1' })
    bridge.onKamailio({ event: 'taken', callid: 'x1', leg: 2, state: 'queued|7|8', invite: keptInvite })
    // it reads the strategy's attached data from the router before it rings
    await waitFor('the ring', () => sent.some((m) => m.action === 'agent'), 1000)
    expect(sent.at(-1)).toMatchObject({
      action: 'agent',
      tindex: 7,
      tlabel: 8,
      callid: 'x1',
      ftag: 'fx',
      agent: 'ann',
    })
    // a second `taken` (a duplicate) opens nothing more
    bridge.onKamailio({ event: 'taken', callid: 'x1', leg: 2, state: 'queued|7|8', invite: keptInvite })
    expect(sent.filter((m) => m.action === 'agent')).toHaveLength(1)
    bridge.onKamailio({
      event: 'answered',
      callid: 'x1',
      ftag: 'fx',
      ttag: 't',
      to: '<sip:5000@x>;tag=t',
      contact: 'sip:p@h',
    })
    await waitFor('the confirm', () => answers.length === 1, 1000)
    expect(answers[0]).toEqual(['/v1/interactions/x1~2/confirm', { reservation: 'r1' }])
    expect(bridge.figures()).toMatchObject({ takenQueued: 1, adoptedUnknown: 0, open: 1 })
  })

  it("holds a taken transfer's old leg with its own phone's SDP, not the next leg's under the same key", async () => {
    const sdpOf = (who: string, port: number) =>
      `v=0\r\no=${who} 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\n`
    // Kamailio's `sdp` item under `x1|fx`: the caller kept its From tag, so bob's answer of the next leg took it
    const asked: string[] = []
    const agentSdp = async (key: string) => {
      asked.push(key)
      return sdpOf('bob', 6002)
    }
    const { bridge, sent } = setup(undefined, { agentSdp })
    const take = bridge.takeOver('x1')
    expect(sent.at(-1)).toEqual({ action: 'take', callid: 'x1', talking: 1 })
    bridge.onKamailio({
      event: 'taken',
      callid: 'x1',
      leg: 1,
      more: 1,
      state: 'talking|ann|3.0|sip:ann@127.0.0.1:7100|<sip:5000@x>;tag=t1',
      sdp: Buffer.from(sdpOf('ann', 6001)).toString('base64'),
      invite: keptInvite,
    })
    bridge.onKamailio({
      event: 'taken',
      callid: 'x1',
      leg: 2,
      state: 'talking|bob|4.0|sip:bob@127.0.0.1:7200|<sip:bob@x>;tag=t2',
      invite: keptInvite,
    })
    expect(await take).toBeUndefined()
    void bridge.hold('x1', 'ann').catch(() => {})
    await waitFor("the hold's re-INVITE", () => sent.some((m) => m.action === 'reinvite'), 1000)
    const reinvite = sent.find((m) => m.action === 'reinvite')!
    expect(reinvite).toMatchObject({ callid: 'x1', ftag: 'fx', leg: 1 })
    expect(reinvite.body).toContain('o=ann 1 ')
    expect(reinvite.body).toContain('m=audio 6001 ')
    expect(asked).toEqual([])
  })

  it('rings nobody for a taken call whose routed answer was dropped: too old, or over the 10,000 kept', async () => {
    const { bridge, sent, tick } = setup()
    bridge.onRouterEvent(routed('x1'))
    // past the wait for a take (the reservation's timeout less its lead: 12 s by default)
    tick(13_000)
    bridge.onRouterEvent(routed('other'))
    bridge.onKamailio({ event: 'taken', callid: 'x1', leg: 1, state: 'queued|7|8', invite: keptInvite })
    expect(sent.filter((m) => m.action === 'agent')).toEqual([])
    for (let i = 0; i <= 10_000; i++) bridge.onRouterEvent(routed(`y${i}`))
    bridge.onKamailio({
      event: 'taken',
      callid: 'y0',
      leg: 1,
      state: 'queued|3|4',
      invite: { ...keptInvite, callid: 'y0' },
    })
    expect(sent.filter((m) => m.action === 'agent')).toEqual([])
    bridge.onKamailio({
      event: 'taken',
      callid: 'y10000',
      leg: 1,
      state: 'queued|5|6',
      invite: { ...keptInvite, callid: 'y10000' },
    })
    await waitFor('the ring', () => sent.some((m) => m.action === 'agent'), 1000)
    expect(sent.filter((m) => m.action === 'agent')).toHaveLength(1)
  })

  it("confirms a ringing call's answer sent with its INVITE (its bridge gone), naming no reservation", async () => {
    const { bridge, answers } = setup()
    bridge.onKamailio({
      event: 'answered',
      callid: 'x1',
      ftag: 'fx',
      ttag: 't',
      to: '<sip:5000@x>;tag=t',
      contact: 'sip:p@h',
      leg: 1,
      agent: 'ann',
      direct: '',
      invite: keptInvite,
    })
    await waitFor('the confirm', () => answers.length === 1, 1000)
    expect(answers[0]).toEqual(['/v1/interactions/x1/confirm', {}])
    expect(bridge.calls()).toMatchObject([{ interaction: 'x1', state: 'talking', agent: 'ann' }])
    expect(bridge.figures()).toMatchObject({ takenRinging: 1, adoptedUnknown: 0 })
  })

  it("rejects a ringing call's ring-no-answer sent with its INVITE, and rings the next agent on the INVITE held again", async () => {
    const { bridge, sent, answers } = setup()
    bridge.onKamailio({
      event: 'no-answer',
      callid: 'x1',
      ftag: 'fx',
      tindex: 9,
      tlabel: 10,
      code: 408,
      leg: 1,
      agent: 'ann',
      direct: '',
      invite: keptInvite,
    })
    await waitFor('the reject', () => answers.length === 1, 1000)
    expect(answers[0]).toEqual(['/v1/interactions/x1/reject', { reason: 'no-answer', note: 'SIP 408' }])
    bridge.onRouterEvent({ type: 'routed', interaction: 'x1', agent: 'bob', reservation: 'r2' })
    expect(sent.at(-1)).toMatchObject({ action: 'agent', tindex: 9, tlabel: 10, agent: 'bob' })
    expect(bridge.figures()).toMatchObject({ takenRinging: 1, ronas: 1, adoptedUnknown: 0 })
  })

  it("abandons its own queued call at Kamailio's queue time, and one it never took", async () => {
    const { bridge, commands, invite, kamailio } = setup()
    invite()
    kamailio('timeout', { leg: 1, direct: '' })
    bridge.onKamailio({ event: 'timeout', callid: 'x1', ftag: 'fx', leg: 1, direct: '' })
    await waitFor('both abandons', () => commands.filter((c) => c.endsWith('/abandon')).length === 2, 1000)
    expect(commands.filter((c) => c.endsWith('/abandon'))).toEqual([
      'POST /v1/interactions/c1/abandon',
      'POST /v1/interactions/x1/abandon',
    ])
    expect(bridge.figures()).toMatchObject({ queueTimeouts: 1, adoptedTimedOut: 1, open: 0 })
  })
})
