// An interaction that arrives already connected to an agent (submit's `connectedTo`: a call dialled straight to the
// agent's extension and answered there): no strategy runs, nothing is offered or reserved for any other agent
// (Genesys Stat Server reports a direct call to an agent DN as that agent's call, never routed; Cisco ICM counts
// agent-to-agent and direct calls as non-routed calls on the agent). The agent's place is taken at once; offers of
// other interactions holding it are withdrawn and those interactions served again, as connectAgent does.
import type { Explanation, RouterEvent } from '../api/types.ts'
import type { EnginePort } from '../engine/port.ts'
import type { InteractionRun } from '../engine/run.ts'
import { confirmPlace, reservePlace } from '../selection/capacity.ts'
import type { StatEvent } from '../stats/provider.ts'
import {
  type Connection,
  type ConnectRefusal,
  noFreePlace,
  traceConnected,
  withdrawOffers,
} from './target-connect.ts'
import { backInLine } from './target-select.ts'
import { offersInTheWay } from './target-takeover.ts'

/** The explanation rule of a `routed` event for an interaction that arrived connected: no decision was made. */
export const DIRECT_RULE = 'direct'

/**
 * Registers `run` (not yet live) as connected to the agent from its arrival and finishes it `routed`, or says why it
 * cannot be (nothing registered, nothing changed): the agent's confirmed work leaves no place for its media.
 * `attached`: the data it keeps (connected-data.ts), heard as a `data-attached` event before its `routed`.
 */
export function admitConnected(
  port: EnginePort,
  run: InteractionRun,
  c: Connection,
  attached: Record<string, unknown> | undefined,
): ConnectRefusal | undefined {
  const { agent } = c
  const inTheWay = offersInTheWay(port, agent, run)
  if (inTheWay === undefined) return noFreePlace('submit', agent, run)
  port.runs.add(run)
  const by = c.note ? `: ${c.note}` : ''
  traceConnected(port, run, run.strategy, '', c)
  withdrawOffers(port, agent, run, inTheWay, by)
  // the one capacity module moves the place: held, then work in progress, as a confirmed offer's
  reservePlace(port.agents, agent, run.media)
  confirmPlace(agent, run.media)
  const feedRef = port.feeds ? port.feedRef(run) : -1
  run.feedRef = -1
  port.handled.confirm(run, port.handled.handling(agent, run.media, feedRef))
  const late = c.answeredAt
  const target = `agent:${agent.id}`
  const now = port.clock.now()
  if (port.feeds) {
    // no target: the agent's load and handle time count, no queue answered it
    const routed: StatEvent & { type: 'interaction-routed' } = {
      type: 'interaction-routed',
      interaction: run.id,
      agent: agent.id,
      targets: [],
      media: run.media,
      at: now,
      ref: feedRef,
    }
    if (late !== undefined) routed.answeredAt = late
    port.feed(routed)
  }
  run.target = target
  run.agent = agent.id
  const explanation: Explanation = {
    node: '',
    rule: DIRECT_RULE,
    candidates: [],
    winner: agent.id,
    reason: `arrived connected to ${agent.id}${by}: no routing decision`,
  }
  if (attached !== undefined) {
    // no attach node ran: what the record keeps is the strategy's declared inputs the host gave (connected-data.ts)
    if (port.traces(run))
      port.trace(run, { strategy: run.strategy, node: '', kind: 'value', name: 'data', value: attached })
    port.emit(run, { type: 'data-attached', node: '', data: attached })
  }
  // hosts learn whose it is as from any connect; `direct` says no decision and no offer was made
  const event: RouterEvent & { type: 'routed' } = {
    type: 'routed',
    node: '',
    target,
    agent: agent.id,
    reservation: port.reservationId(run, port.nextReservationSeq()),
    priority: run.priority,
    explanation,
    interaction: run.id,
    at: now,
    connected: true,
    direct: true,
  }
  port.emit(run, event)
  if (late === undefined) port.finish(run, 'routed')
  else port.finish(run, 'routed', { answeredAt: late })
  // interactions whose offers were withdrawn are served again by the usual rules (perhaps by another agent at once)
  for (const other of inTheWay) backInLine(port, other)
  return undefined
}
