// The calls of one agent that a gone bridge was handling, taken over by this bridge when the agent's desktop comes
// here (its own bridge is gone): Kamailio's `calls` table names the agent of each ringing or talking call, and each
// one this bridge has no record of is asked for (`take`, talking: Kamailio hands it over only if its bridge is gone).
// A desktop that comes before Kamailio saw its bridge's connection close has its calls left alone; the agent is kept
// and asked for again when Kamailio says a bridge is gone (`bridge-gone`), so the desktop gets them without a reload.
import type { KamailioCallState } from './kamailio-call-state.ts'

/** What a desktop's arrival took over: the Call-IDs opened here, and those left with why (their bridge is alive). */
export interface AgentCallsTaken {
  taken: string[]
  left: Array<{ callId: string; why: string }>
}

export interface AgentCallsDeps {
  /** The calls Kamailio holds, by `<Call-ID>|<caller's From tag>` (BridgeOptions.heldCalls). */
  heldCalls: () => Promise<ReadonlyMap<string, KamailioCallState>>
  /** A transfer's old legs still talking beside the next leg, by `<Call-ID>|<leg>` (BridgeOptions.heldLegCalls). */
  heldLegCalls?: () => Promise<ReadonlyMap<string, KamailioCallState>>
  /** This bridge has a record of the call already. */
  knows: (callId: string) => boolean
  /** Kamailio's talking take (talking-takeover.ts): undefined once the call is opened here, else why not. */
  take: (callId: string) => Promise<string | undefined>
}

/** At most this many calls are asked for at one desktop's arrival (an agent has a handful; the table is Kamailio's). */
const AGENT_CALLS_MAX = 20

/** The Call-ID of a `calls` or `legcalls` key: before the last `|` (a Call-ID may hold a `|`, a tag or leg not). */
function callIdOfKey(key: string): string {
  const bar = key.lastIndexOf('|')
  return bar < 0 ? key : key.slice(0, bar)
}

export async function takeOverAgentCalls(agent: string, deps: AgentCallsDeps): Promise<AgentCallsTaken> {
  // an old leg the caller's next INVITE came beside is only in `legcalls` (the next leg kept its From tag): its take
  // hands over every leg of the Call-ID
  // a config before 7 has no `legcalls` (its dump fails): the `calls` table's are still taken
  const legs = deps.heldLegCalls?.().catch(() => new Map()) ?? new Map()
  const tables = await Promise.all([deps.heldCalls(), legs])
  const mine = new Set<string>()
  for (const table of tables)
    for (const [key, state] of table) {
      if (mine.size >= AGENT_CALLS_MAX) break
      if ((state.state !== 'ringing' && state.state !== 'talking') || state.agent !== agent) continue
      const callId = callIdOfKey(key)
      if (!deps.knows(callId)) mine.add(callId)
    }
  const answers = await Promise.all(
    [...mine].map(async (callId) => ({ callId, why: await deps.take(callId) })),
  )
  return {
    taken: answers.filter((a) => a.why === undefined).map((a) => a.callId),
    left: answers.flatMap((a) => (a.why === undefined ? [] : [{ callId: a.callId, why: a.why }])),
  }
}

/** At most this many agents wait for a `bridge-gone` (desktops that came early; the oldest is dropped). */
const AGENTS_WAITING_MAX = 1000

/**
 * The agents whose desktop came here while their calls' bridge looked alive: owns only that list. `arrive` takes an
 * agent's calls over at their desktop's login; `bridgeGone` asks again for every agent left waiting.
 */
export function createAgentCallsTakeover(
  deps: AgentCallsDeps & { log: (message: string, fields?: Record<string, unknown>) => void },
) {
  const { log } = deps
  const waiting = new Set<string>()
  let agentCallsAskedAgain = 0

  async function takeFor(agent: string): Promise<AgentCallsTaken> {
    const result = await takeOverAgentCalls(agent, deps).catch((error: Error) => {
      // the desktop still logs in: only the gone bridge's calls are not shown
      log(
        "Kamailio's calls could not be read for an agent's desktop: a gone bridge's calls are not taken over",
        { agent, error: error.message },
      )
      return { taken: [], left: [] }
    })
    // a call left alone (its bridge looked alive) is asked for again at the next `bridge-gone`
    waiting.delete(agent)
    if (result.left.length > 0) {
      waiting.add(agent)
      if (waiting.size > AGENTS_WAITING_MAX) waiting.delete(waiting.values().next().value as string)
    }
    if (result.taken.length + result.left.length > 0)
      log("an agent's desktop came here: its calls a gone bridge held are taken over", { agent, ...result })
    return result
  }

  /** Kamailio saw a bridge's last connection close: the calls it left alone at a desktop's arrival may be taken now. */
  function bridgeGone(bridge: string): void {
    const agents = [...waiting]
    if (agents.length === 0) return
    log('Kamailio says a bridge is gone: the calls of desktops that came here early are asked for again', {
      bridge,
      agents,
    })
    for (const agent of agents) {
      agentCallsAskedAgain++
      void takeFor(agent)
    }
  }

  return { arrive: takeFor, bridgeGone, counts: () => ({ agentCallsAskedAgain }) }
}
