// The router bench's workspace, in plain JavaScript so both router.bench.ts and the A/B script that runs builds
// under bare Node (fed-cycle-ab.mjs) route the very same documents: agents spread over groups, one strategy a group.

/**
 * `agents` agents a0.. spread round-robin over `groups` groups g0..
 * @param {number} agents
 * @param {number} groups
 * @returns {import('@routewright/strategy-dsl').DirectoryDocument}
 */
export function benchDirectory(agents, groups) {
  const dir = { directory: 'bench', format: 1, groups: {}, agents: {} }
  for (let g = 0; g < groups; g++) dir.groups[`g${g}`] = {}
  for (let a = 0; a < agents; a++) dir.agents[`a${a}`] = { groups: [`g${a % groups}`] }
  return dir
}

/**
 * One strategy s<g> a group: target g<g> longest-idle, wait an hour, then end.
 * @param {number} groups
 * @returns {import('@routewright/strategy-dsl').StrategyDocument[]}
 */
export function benchStrategies(groups) {
  const out = []
  for (let g = 0; g < groups; g++)
    out.push({
      strategy: `s${g}`,
      format: 1,
      start: 'pick',
      nodes: {
        pick: {
          type: 'target',
          targets: [{ group: `g${g}` }],
          pick: 'longest-idle',
          wait: '1h',
          next: { timeout: 'bye' },
        },
        bye: { type: 'end', outcome: 'default-route' },
      },
    })
  return out
}
