// The calls of one agent that a gone bridge was handling, taken over by this bridge when the agent's desktop comes
// here (its own bridge is gone): Kamailio's `calls` table names the agent of each ringing or talking call, and each
// one this bridge has no record of is asked for (`take`, talking: Kamailio hands it over only if its bridge is gone).
import type { KamailioCallState } from './kamailio-call-state.ts'

/** What a desktop's arrival took over: the Call-IDs opened here, and those left with why (their bridge is alive). */
export interface AgentCallsTaken {
  taken: string[]
  left: Array<{ callId: string; why: string }>
}

export interface AgentCallsDeps {
  /** The calls Kamailio holds, by `<Call-ID>|<caller's From tag>` (BridgeOptions.heldCalls). */
  heldCalls: () => Promise<ReadonlyMap<string, KamailioCallState>>
  /** This bridge has a record of the call already. */
  knows: (callId: string) => boolean
  /** Kamailio's talking take (talking-takeover.ts): undefined once the call is opened here, else why not. */
  take: (callId: string) => Promise<string | undefined>
}

/** At most this many calls are asked for at one desktop's arrival (an agent has a handful; the table is Kamailio's). */
const AGENT_CALLS_MAX = 20

/** The Call-ID of a `calls` key: the From tag after the last `|` (a Call-ID may hold a `|`, a tag does not). */
function callIdOfKey(key: string): string {
  const bar = key.lastIndexOf('|')
  return bar < 0 ? key : key.slice(0, bar)
}

export async function takeOverAgentCalls(agent: string, deps: AgentCallsDeps): Promise<AgentCallsTaken> {
  const held = await deps.heldCalls()
  const mine = new Set<string>()
  for (const [key, state] of held) {
    if ((state.state !== 'ringing' && state.state !== 'talking') || state.agent !== agent) continue
    const callId = callIdOfKey(key)
    if (!deps.knows(callId)) mine.add(callId)
    if (mine.size >= AGENT_CALLS_MAX) break
  }
  const answers = await Promise.all(
    [...mine].map(async (callId) => ({ callId, why: await deps.take(callId) })),
  )
  return {
    taken: answers.filter((a) => a.why === undefined).map((a) => a.callId),
    left: answers.flatMap((a) => (a.why === undefined ? [] : [{ callId: a.callId, why: a.why }])),
  }
}
