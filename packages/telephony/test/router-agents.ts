// The router's agents as GET /v1/agents lists them: where the tests check a call left its agents.
import type { TelephonyStack } from '../src/index.ts'

export interface ListedAgent {
  id: string
  state: string
  reason?: string
  load: Record<string, number>
  reserved: number
}

/** Every agent the router knows, in its order. */
export async function routerAgents(s: Pick<TelephonyStack, 'router'>): Promise<ListedAgent[]> {
  return ((await s.router.call('GET', '/v1/agents')).body as { agents: ListedAgent[] }).agents
}

/** The states of the agents `ids`, in the router's order. */
export async function agentStates(
  s: Pick<TelephonyStack, 'router'>,
  ids: readonly string[],
): Promise<string[]> {
  return (await routerAgents(s)).filter((x) => ids.includes(x.id)).map((x) => x.state)
}

/** The agent `id` as the router lists it; undefined when it knows none. */
export async function routerAgent(
  s: Pick<TelephonyStack, 'router'>,
  id: string,
): Promise<ListedAgent | undefined> {
  return (await routerAgents(s)).find((x) => x.id === id)
}
