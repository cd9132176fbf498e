// The host's word that an interaction is connected to an agent already (connectAgent): it leaves its place in line,
// or its pending reservation for another agent is withdrawn, and it is reserved for and confirmed with that agent at
// once, so events, trace and statistics are those of a confirmed reservation. Offers of other interactions holding
// the agent's places are withdrawn to make room (target-takeover.ts); confirmed work is never displaced.
import { quotedName } from '@routewright/node-support/printable'
import type { Explanation } from '../api/types.ts'
import type { EnginePort } from '../engine/port.ts'
import type { InteractionRun } from '../engine/run.ts'
import type { AgentRecord } from '../selection/agents.ts'
import { countsOf } from '../selection/capacity.ts'
import {
  backInLine,
  confirmReservation,
  releaseReservation,
  reservationRejected,
  reserve,
  serveAgent,
} from './target-select.ts'
import { offersInTheWay } from './target-takeover.ts'

export interface Connection {
  agent: AgentRecord
  /** When the agent answered, if the host heard of it late (checked by the caller: not in the future). */
  answeredAt: number | undefined
  note: string | undefined
}

/** Why a connect changed nothing; `code` when the host may act on it (find the agent a place). */
export interface ConnectRefusal {
  reason: string
  code?: 'no-free-place'
}

/** Connects `run` to the agent, or says why it cannot be (nothing changed). */
export function connectAgent(
  port: EnginePort,
  run: InteractionRun,
  c: Connection,
): ConnectRefusal | undefined {
  const wait = run.wait
  const { agent } = c
  if (!wait)
    return {
      reason: `connectAgent: interaction "${run.id}" is not waiting for an agent (not in a target node's line nor reserved); nothing changed`,
    }
  const r = run.reservation
  const by = c.note ? `: ${c.note}` : ''
  const offered = r?.agent === agent
  const inTheWay = offered ? [] : offersInTheWay(port, agent, run)
  if (inTheWay === undefined) return noFreePlace('connectAgent', agent, run)
  traceConnected(port, run, wait.frame.strategy, wait.node.id, c)
  // the agent it was offered to took it: the usual confirmation
  if (offered) {
    confirmReservation(port, run, c.answeredAt)
    return undefined
  }
  if (r) {
    // the other agent's offer is taken back, not declined by it: it keeps its state (no RONA)
    reservationRejected(port, run, r, `withdrawn by the host: connected to ${agent.id}${by}`, true)
    releaseReservation(port, run, 'handed-over')
  }
  withdrawOffers(port, agent, run, inTheWay, by)
  const target = wait.targets.find((t) => t.pool.members.has(agent))?.label ?? `agent:${agent.id}`
  const explanation: Explanation = {
    node: wait.node.id,
    rule: 'connected',
    candidates: [],
    winner: agent.id,
    reason: `connected to ${agent.id} by the host${by}`,
  }
  reserve(port, run, agent, target, explanation, true)
  confirmReservation(port, run, c.answeredAt)
  // interactions whose offers were withdrawn are served again by the usual rules (perhaps by another agent at once)
  for (const other of inTheWay) backInLine(port, other)
  // the place given back by the withdrawn offer goes to whoever waits, now that this interaction is out of line
  if (r) serveAgent(port, r.agent)
  return undefined
}

/** The trace's `connected` entry: the host's word that `run` is with the agent (at `node`, '' for a direct arrival). */
export function traceConnected(
  port: EnginePort,
  run: InteractionRun,
  strategy: string,
  node: string,
  c: Connection,
): void {
  if (!port.traces(run)) return
  port.trace(run, {
    strategy,
    node,
    kind: 'value',
    name: 'connected',
    value: {
      agent: c.agent.id,
      ...(c.answeredAt === undefined ? {} : { answeredAt: c.answeredAt }),
      ...(c.note === undefined ? {} : { note: c.note }),
    },
  })
}

/**
 * The agent has `run`, not the offers holding its places (offersInTheWay): taken back (it keeps its state, no RONA),
 * their interactions out of the way until `run` holds the place, so none of them takes it back first; the caller
 * puts them back in line (backInLine) once it does.
 */
export function withdrawOffers(
  port: EnginePort,
  agent: AgentRecord,
  run: InteractionRun,
  inTheWay: readonly InteractionRun[],
  by: string,
): void {
  for (const other of inTheWay) {
    reservationRejected(
      port,
      other,
      other.reservation!,
      `withdrawn by the host: ${agent.id} was connected to ${run.id}${by}`,
      true,
    )
    releaseReservation(port, other, 'handed-over')
  }
}

/** Why `agent` cannot take `run` (confirmed work fills its places for the media), for a refusal. */
export function noFreePlace(action: string, agent: AgentRecord, run: InteractionRun): ConnectRefusal {
  return {
    reason: `${action}: agent ${quotedName(agent.id)} has no free place for ${run.media} (handles ${JSON.stringify(countsOf(agent.load))}, reserved ${JSON.stringify(countsOf(agent.reserved))}); nothing changed: complete one of its interactions first, or connect the interaction to another agent`,
    code: 'no-free-place',
  }
}
