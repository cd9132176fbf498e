// A host's connect to an agent whose free places are held by offers of other interactions not answered yet: the
// physical fact wins (Genesys Stat Server marks the DN busy and URS re-routes the call pending there; TaskRouter
// cancels a worker's other reservations that no longer fit), so the fewest such offers are withdrawn to make room.
import type { EnginePort } from '../engine/port.ts'
import type { InteractionRun } from '../engine/run.ts'
import type { AgentRecord } from '../selection/agents.ts'
import { canTake, canTakeWithout } from '../selection/capacity.ts'

/**
 * The pending offers on `agent` (of interactions other than `run`) to withdraw so that it has a place for `run`'s
 * media: empty when it has one already; undefined when withdrawing them all would not do (confirmed work fills it).
 * The most recent offer that frees enough alone, else the most recent ones until it fits, keeping any of them whose
 * withdrawal turns out not needed: the newest offer is the one the agent's phone or desktop has shown the least
 * time, so the least likely to be answered meanwhile, and an older one is nearer its own answer or timeout.
 */
export function offersInTheWay(
  port: EnginePort,
  agent: AgentRecord,
  run: InteractionRun,
): InteractionRun[] | undefined {
  const media = run.media
  if (canTake(agent, media)) return []
  const offers = offersOn(port, agent, run)
  if (offers.length === 0) return undefined
  const mediaOf = (list: readonly InteractionRun[]) => list.map((o) => o.reservation!.media)
  if (!canTakeWithout(agent, media, mediaOf(offers))) return undefined
  for (const offer of offers) if (canTakeWithout(agent, media, mediaOf([offer]))) return [offer]
  const chosen: InteractionRun[] = []
  for (const offer of offers) {
    chosen.push(offer)
    if (canTakeWithout(agent, media, mediaOf(chosen))) break
  }
  // oldest chosen first: one whose place the rest make unnecessary stays offered
  for (let i = chosen.length - 1; i >= 0 && chosen.length > 1; i--) {
    const rest = chosen.filter((_, k) => k !== i)
    if (canTakeWithout(agent, media, mediaOf(rest))) chosen.splice(i, 1)
  }
  return chosen
}

/**
 * Interactions with a reservation pending on `agent`, newest first. The reservation lives on its run alone (an agent
 * keeps only counts), so the live runs are read: only when a connect finds the agent full, never on a decision.
 */
function offersOn(port: EnginePort, agent: AgentRecord, run: InteractionRun): InteractionRun[] {
  const out: InteractionRun[] = []
  for (const other of port.runs.values())
    if (other !== run && other.reservation?.agent === agent) out.push(other)
  return out.sort((a, b) => b.reservation!.seq - a.reservation!.seq)
}
