// What each agent did in a simulated day: the calls it answered and their handling, to see how evenly a strategy
// spreads the work and how many of the agents it really uses (Erlang's figures pool them all).

/** One agent's share of the measured period. */
export interface SimulationAgent {
  /** Calls it answered that arrived after the warm-up. */
  answered: number
  /** Their handling time, seconds. */
  handleSeconds: number
}

/** How the answered calls spread over the agents. */
export interface AgentSpread {
  agents: number
  /** Agents that answered at least one call. */
  tookCalls: number
  /** Fewest calls of an agent that took any (0 when none did). */
  fewest: number
  most: number
  /** most / fewest among the agents that took calls (1 when fewer than two did). */
  ratio: number
}

/** Every agent at zero, in the order given, for the simulation to count into. */
export function agentTally(agents: readonly string[]): Map<string, SimulationAgent> {
  return new Map(agents.map((agent) => [agent, { answered: 0, handleSeconds: 0 }]))
}

export function agentSpread(byAgent: Readonly<Record<string, SimulationAgent>>): AgentSpread {
  const counts = Object.values(byAgent).map((a) => a.answered)
  const took = counts.filter((n) => n > 0)
  const fewest = took.length > 0 ? Math.min(...took) : 0
  const most = took.length > 0 ? Math.max(...took) : 0
  return {
    agents: counts.length,
    tookCalls: took.length,
    fewest,
    most,
    ratio: took.length > 1 ? most / fewest : 1,
  }
}
