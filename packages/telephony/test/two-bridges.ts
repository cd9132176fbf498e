// Two bridges on one Kamailio with a call on each (the set-up of the takeover tests): the stack's own bridge `a`, a
// second bridge `b`, callers until one call is in a given state on each, and b stopped as Kamailio sees it go.
import { expect } from 'vitest'
import {
  type CallerCall,
  type CallView,
  type StackOptions,
  startTelephonyStack,
  type TelephonyStack,
  waitFor,
} from '../src/index.ts'
import { kamailioLogFaults, kamailioLogLines } from './kamailio-log.ts'
import { callerCall } from './relayed-stack.ts'
import type { KeepStack } from './stack-report.ts'

/** The six agents the inbound-call strategy's support target covers. */
export const SIX_AGENTS = ['ann', 'bob', 'carla', 'dan', 'erin', 'frank']

export const inState = (calls: CallView[], state: CallView['state']) =>
  calls.filter((c) => c.state === state).length

/**
 * A stack whose own bridge is `a` (six agents ringing 200 ms unless `options` says), with a bridge `b` beside it
 * (with its own HTTP side, the desktop, at `linkB.url` when `b.http`; its evapi link through `b.evapiVia` when given).
 */
export async function startTwoBridges(
  keep: KeepStack,
  options: Partial<StackOptions> = {},
  b: { http?: boolean; evapiVia?: (evapiPort: number) => Promise<number> } = {},
) {
  const s = keep(
    await startTelephonyStack({
      agents: SIX_AGENTS.map((id) => ({ id, ringMs: 200 })),
      bridgeId: 'a',
      // a link let back is redialled within 250 ms (relayed-stack.ts says why)
      evapiMaxBackoffMs: 250,
      ...options,
    }),
  )
  const linkB = await s.addBridge('b', b)
  return { s, a: s.bridge, b: linkB.bridge, linkB }
}

export type TwoBridges = Awaited<ReturnType<typeof startTwoBridges>>

/**
 * Two callers 300 ms apart (one to each bridge, in turn: `ani` plus 0 and 1), waited for until one call is `state`
 * on each bridge: `own` is a's, `gone` b's.
 */
export async function oneCallEach(
  { s, a, b }: TwoBridges,
  state: CallView['state'],
  over: Omit<Partial<CallerCall>, 'ani'> & { ani: string },
) {
  const callers = await s.call(
    [0, 300].map((startMs, i) => callerCall({ ...over, startMs, ani: `${over.ani}${i}` })),
  )
  await waitFor(
    `one call ${state} on each bridge`,
    () => inState(a.calls(), state) === 1 && inState(b.calls(), state) === 1,
    20_000,
  )
  return { callers, own: a.calls()[0]!, gone: b.calls()[0]! }
}

/**
 * One call queued on each bridge (nobody ready), then ann made ready for b's and bob for a's (the router routes the
 * oldest first): ann's call (`annCall`) is b's, waited for until it is `state` there; `own` is a's (bob's).
 */
export async function agentCallOnB(
  two: TwoBridges,
  state: CallView['state'],
  over: Omit<Partial<CallerCall>, 'ani'> & { ani: string },
) {
  const { callers, own, gone } = await oneCallEach(two, 'queued', over)
  const order = gone.startedAt <= own.startedAt ? ['ann', 'bob'] : ['bob', 'ann']
  for (const agent of order) {
    const answer = await two.s.router.call('PUT', `/v1/agents/${agent}/state`, { state: 'ready' })
    if (answer.status !== 200) throw new Error(`${agent} not made ready: ${JSON.stringify(answer.body)}`)
    await waitFor(
      `a call offered to ${agent}`,
      () => [...two.a.calls(), ...two.b.calls()].some((c) => c.agent === agent),
      10_000,
    )
  }
  const annCall = await waitFor(
    `ann's call ${state} at b`,
    () => two.b.calls().find((c) => c.agent === 'ann' && c.state === state),
    20_000,
  )
  return { callers, own, annCall }
}

/**
 * ann's call talking at b, transferred to dan by id: his phone rings straight away (no strategy) and answers at b.
 * With `oldLegByeHeld`, Kamailio's event of the caller's BYE of ann's leg is held from b (until `deliverOldBye`):
 * b sees both legs talk, the window where dan's leg answered before the old leg's end came; the transfer, which
 * waits for that end, is not awaited then (`transfer`).
 */
export async function legTalkingWithDanAtB(
  two: TwoBridges,
  ani: string,
  { oldLegByeHeld = false }: { oldLegByeHeld?: boolean } = {},
) {
  const { s, b } = two
  const { callers, own, annCall } = await agentCallOnB(two, 'talking', { ani, holdMs: 60_000 })
  const dan = await s.router.call('PUT', '/v1/agents/dan/state', { state: 'ready' })
  expect(dan.status).toBe(200)
  const deliver = b.onKamailio.bind(b)
  let held: Record<string, unknown> | undefined
  if (oldLegByeHeld)
    b.onKamailio = (message) => {
      if (held === undefined && message.event === 'bye' && message.callid === annCall.callId) held = message
      else deliver(message)
    }
  const transfer = b.transfer(annCall.callId, 'dan')
  if (!oldLegByeHeld) await transfer
  const leg = await waitFor(
    'the next leg talking with dan at b',
    () => b.calls().find((c) => c.interaction === `${annCall.callId}~2` && c.state === 'talking'),
    20_000,
  )
  const deliverOldBye = async () => {
    const bye = await waitFor("the caller's BYE of ann's leg", () => held, 10_000)
    b.onKamailio = deliver
    deliver(bye)
  }
  return { callers, own, annCall, leg, transfer, deliverOldBye }
}

/** Stops bridge `id` and waits until Kamailio saw its connection close (its calls' events go elsewhere from then). */
export async function stopBridge(
  s: TelephonyStack,
  link: { stop(): Promise<void> },
  id = 'b',
): Promise<void> {
  // one more close than before: a test may have cut that bridge's link earlier
  const closed = () => kamailioLogLines(s, new RegExp(`bridge ${id} evapi connection .* closed`)).length
  const before = closed()
  await link.stop()
  await waitFor(`Kamailio to see ${id}'s connection close`, () => closed() === before + 1, 5000)
}

/** Each interaction's `state/outcome` at the router. */
export async function routerEnds(s: TelephonyStack, ids: readonly string[]): Promise<string[]> {
  return Promise.all(
    ids.map(async (id) => {
      const body = (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(id)}`)).body as {
        state?: string
        outcome?: string
      }
      return `${body.state}/${body.outcome}`
    }),
  )
}

/**
 * The end of a takeover test: `release` released at a, the callers ended well, every leg (`release`'s and `ended`,
 * the legs that ended on their own) completed at the router, nothing open or unknown at a, no fault in kamailio.log.
 */
export async function releaseAllAtA(
  two: TwoBridges,
  callers: { exited: Promise<number | string>; tail(): string },
  release: ReadonlyArray<{ callId: string; interaction: string }>,
  ended: readonly string[] = [],
): Promise<void> {
  const { s, a } = two
  for (const call of release) {
    // a call whose phone still rings is not released (no agent's leg yet): desktop-takeover's ringing test rings
    // bob's 4 s like ann's, and his ring may start after hers: under load his answer can come after she released
    await waitFor(
      `${call.interaction} talking at a`,
      () => a.calls().some((c) => c.interaction === call.interaction && c.state === 'talking'),
      10_000,
    )
    await a.release(call.callId)
  }
  expect(await callers.exited, callers.tail()).toBe(0)
  const all = [...release.map((c) => c.interaction), ...ended]
  await waitFor(
    'every leg completed',
    async () => (await routerEnds(s, all)).every((e) => e.startsWith('completed')),
    10_000,
  )
  expect(a.figures()).toMatchObject({ open: 0, adoptedUnknown: 0 })
  expect(kamailioLogFaults(s)).toEqual([])
}
