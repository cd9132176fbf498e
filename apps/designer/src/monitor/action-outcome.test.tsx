// The agent grid's outcome line through a supervisor's clicks: pending from the click, then the latest action's
// answer; an older action's answer arriving after a newer click leaves the line on the newer one, with an older
// refusal added to it; the rows in flight stay disabled until the last of their actions is answered.
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ActionOutcomeLine } from './AgentActions.tsx'
import {
  type ActionsEvent,
  type ActionsState,
  actionsTransition,
  isSending,
  NO_ACTIONS,
} from './action-outcome.ts'

const run = (events: ActionsEvent[], from: ActionsState = NO_ACTIONS) =>
  events.reduce(actionsTransition, from)

const REFUSED = { ok: false, error: 'serve is not reachable (Failed to fetch): nothing changed' } as const

describe('actionsTransition', () => {
  it('replaces the previous answer by this action pending, at the click', () => {
    const answered = run([
      { type: 'started', seq: 1, agent: 'bob', action: { state: 'ready' } },
      { type: 'answered', seq: 1, agent: 'bob', action: { state: 'ready' }, result: REFUSED },
    ])
    expect(answered.outcome).toMatchObject({
      ok: false,
      text: expect.stringContaining('Could not make bob ready'),
    })
    const state = run([{ type: 'started', seq: 2, agent: 'ann', action: { state: 'ready' } }], answered)
    expect(state.outcome).toEqual({ agent: 'ann', text: 'Making ann ready…' })
    expect([...state.sending.keys()]).toEqual(['ann'])
  })

  it.each([
    [{ state: 'not-ready', reason: 'coaching' }, 'Making ann not ready (coaching)…'],
    [{ state: 'logged-out' }, 'Logging ann out…'],
  ] as const)('says %o pending as %s', (action, text) => {
    expect(run([{ type: 'started', seq: 1, agent: 'ann', action }]).outcome?.text).toBe(text)
  })

  it("shows this action's own answer once serve gives it", () => {
    const state = run([
      { type: 'started', seq: 1, agent: 'ann', action: { state: 'logged-out' } },
      { type: 'answered', seq: 1, agent: 'ann', action: { state: 'logged-out' }, result: { ok: true } },
    ])
    expect(state.outcome).toEqual({
      agent: 'ann',
      ok: true,
      text: 'Sent: ann logged out. The grid shows it once serve streams it.',
    })
    expect(state.sending.size).toBe(0)
  })

  it("keeps the newer action's line when an older one's refusal arrives, and adds the refusal to it", () => {
    const state = run([
      { type: 'started', seq: 1, agent: 'ann', action: { state: 'ready' } },
      { type: 'started', seq: 2, agent: 'bob', action: { state: 'not-ready' } },
      { type: 'answered', seq: 1, agent: 'ann', action: { state: 'ready' }, result: REFUSED },
    ])
    expect(state.outcome).toEqual({
      agent: 'bob',
      text: 'Making bob not ready…',
      earlier: ['Could not make ann ready: serve is not reachable (Failed to fetch): nothing changed'],
    })
    // ann's PUT is answered: her row takes clicks again; bob's still waits
    expect([...state.sending.keys()]).toEqual(['bob'])
    // bob's own answer takes the line; ann's refusal stays on it until the next click
    const last = run(
      [{ type: 'answered', seq: 2, agent: 'bob', action: { state: 'not-ready' }, result: { ok: true } }],
      state,
    )
    expect(last.outcome).toMatchObject({
      agent: 'bob',
      ok: true,
      text: expect.stringContaining('Sent: bob not ready'),
      earlier: [expect.stringContaining('Could not make ann ready')],
    })
    const next = run([{ type: 'started', seq: 3, agent: 'cy', action: { state: 'ready' } }], last)
    expect(next.outcome).toEqual({ agent: 'cy', text: 'Making cy ready…' })
  })

  it("drops an older action's success: the line stays as it was", () => {
    const started = run([
      { type: 'started', seq: 1, agent: 'ann', action: { state: 'ready' } },
      { type: 'started', seq: 2, agent: 'bob', action: { state: 'not-ready' } },
    ])
    const state = run(
      [{ type: 'answered', seq: 1, agent: 'ann', action: { state: 'ready' }, result: { ok: true } }],
      started,
    )
    expect(state.outcome).toEqual(started.outcome)
  })

  it("keeps the line on the newer action's answer when the older one's comes back last, with its refusal", () => {
    const state = run([
      { type: 'started', seq: 1, agent: 'ann', action: { state: 'ready' } },
      { type: 'started', seq: 2, agent: 'bob', action: { state: 'not-ready' } },
      { type: 'answered', seq: 2, agent: 'bob', action: { state: 'not-ready' }, result: { ok: true } },
      { type: 'answered', seq: 1, agent: 'ann', action: { state: 'ready' }, result: REFUSED },
    ])
    expect(state.outcome).toMatchObject({
      agent: 'bob',
      ok: true,
      text: expect.stringContaining('Sent: bob'),
      earlier: [expect.stringContaining('Could not make ann ready')],
    })
    expect(state.sending.size).toBe(0)
  })

  it('says an action serve did not answer in time as unknown, not as refused', () => {
    const state = run([
      { type: 'started', seq: 1, agent: 'ann', action: { state: 'logged-out' } },
      {
        type: 'answered',
        seq: 1,
        agent: 'ann',
        action: { state: 'logged-out' },
        result: {
          ok: false,
          unanswered: true,
          error: 'No answer from serve to making ann logged out within 5 s',
        },
      },
    ])
    expect(state.outcome).toEqual({
      agent: 'ann',
      ok: false,
      text: 'No answer from serve to making ann logged out within 5 s.',
    })
  })
})

describe('two actions in flight for one agent', () => {
  const READY = { state: 'ready' } as const
  const OUT = { state: 'logged-out' } as const
  const ABORTED = {
    ok: false,
    error: 'serve is not reachable (The operation was aborted.): nothing changed',
  } as const
  const bothStarted = run([
    { type: 'started', seq: 1, agent: 'ann', action: READY },
    { type: 'started', seq: 2, agent: 'ann', action: OUT },
  ])

  it.each([
    ['success', { ok: true } as const],
    ['refusal', REFUSED],
    ['aborted request', ABORTED],
  ])('keeps her row busy after the first answer (%s), free after the second', (_, first) => {
    const one = run([{ type: 'answered', seq: 1, agent: 'ann', action: READY, result: first }], bothStarted)
    expect(isSending(one, 'ann')).toBe(true)
    const two = run([{ type: 'answered', seq: 2, agent: 'ann', action: OUT, result: ABORTED }], one)
    expect(isSending(two, 'ann')).toBe(false)
    expect(two.sending.size).toBe(0)
  })

  it('keeps her row busy when the newer answer comes first, and its line stays', () => {
    const one = run(
      [{ type: 'answered', seq: 2, agent: 'ann', action: OUT, result: { ok: true } }],
      bothStarted,
    )
    expect(isSending(one, 'ann')).toBe(true)
    expect(one.outcome).toMatchObject({ ok: true, text: expect.stringContaining('Sent: ann logged out') })
    const two = run([{ type: 'answered', seq: 1, agent: 'ann', action: READY, result: REFUSED }], one)
    expect(isSending(two, 'ann')).toBe(false)
    expect(two.outcome).toEqual({
      ...one.outcome,
      earlier: ['Could not make ann ready: serve is not reachable (Failed to fetch): nothing changed'],
    })
  })

  it("counts each agent apart: bob's answer does not free ann's row", () => {
    const state = run(
      [
        { type: 'started', seq: 3, agent: 'bob', action: READY },
        { type: 'answered', seq: 3, agent: 'bob', action: READY, result: { ok: true } },
        { type: 'answered', seq: 1, agent: 'ann', action: READY, result: REFUSED },
      ],
      bothStarted,
    )
    expect([...state.sending]).toEqual([['ann', 1]])
  })
})

describe('ActionOutcomeLine', () => {
  it('says a pending action as a busy status with no answer yet', () => {
    const html = renderToStaticMarkup(
      <ActionOutcomeLine outcome={{ agent: 'ann', text: 'Making ann ready…' }} />,
    )
    expect(html).toContain('data-pending="true"')
    expect(html).toContain('role="status"')
    expect(html).toContain('aria-busy="true"')
    expect(html).not.toContain('data-ok')
  })

  it('says a refusal as an alert', () => {
    const html = renderToStaticMarkup(
      <ActionOutcomeLine outcome={{ agent: 'ann', ok: false, text: 'Could not make ann ready' }} />,
    )
    expect(html).toContain('data-ok="false"')
    expect(html).toContain('role="alert"')
    expect(html).not.toContain('data-pending')
    expect(html).toContain('aria-busy="false"')
  })

  it("adds an older action's refusal after the newer line, as an alert", () => {
    const html = renderToStaticMarkup(
      <ActionOutcomeLine
        outcome={{ agent: 'bob', text: 'Making bob ready…', earlier: ['Could not make ann ready: no'] }}
      />,
    )
    expect(html).toContain('role="alert"')
    expect(html).toContain('data-pending="true"')
    expect(html.replace(/<[^>]+>/g, '')).toBe('Making bob ready… Earlier: Could not make ann ready: no')
  })
})
