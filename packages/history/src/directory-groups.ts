// What records read of the directory, as plain data that travels to the writer thread: each queue's groups (a wait
// in `queue:front` counts in front's groups) and each agent's groups (a handling counts in its agent's groups), the
// rules the memory statistics provider follows (docs/figures.md "A `queue:` target", "AHT by group").
import type { DirectoryDocument } from '@routewright/strategy-dsl'

/** Queue id -> its groups, agent id -> its groups; ids as the directory writes them (no `group:` prefix). */
export interface DirectoryGroups {
  queues: Array<[string, string[]]>
  agents: Array<[string, string[]]>
}

/** The groups `directory` gives its queues and agents (an agent without groups is left out). */
export function directoryGroups(directory: DirectoryDocument): DirectoryGroups {
  const queues: Array<[string, string[]]> = []
  for (const [id, queue] of Object.entries(directory.queues ?? {})) queues.push([id, [...queue.groups]])
  const agents: Array<[string, string[]]> = []
  for (const [id, agent] of Object.entries(directory.agents ?? {}))
    if (agent.groups && agent.groups.length > 0) agents.push([id, [...agent.groups]])
  return { queues, agents }
}

/**
 * An agent's groups as `directory` gives them: what an agent state row keeps when the host gives no `groupsOf` (a
 * host that reloads its directory passes its own, as serve does).
 */
export function directoryGroupsOf(directory: DirectoryDocument): (agent: string) => readonly string[] {
  const agents = directory.agents ?? {}
  return (agent) => (Object.hasOwn(agents, agent) ? (agents[agent]?.groups ?? []) : [])
}
