// The optional request features this serve takes, by stable name (GET /v1/capabilities): a host detects one here,
// never from a refusal's wording. A name keeps its meaning once listed; docs/serve.md lists each (api.test.ts checks).
// On Redis, a name the routing process applies is listed while that process takes it too (redis-lease.ts reads it).

/** Each capability's name and what a host may send or expect when serve lists it. */
export const CAPABILITIES = {
  'agent-state-if-state':
    'PUT /v1/agents/{id}/state takes `ifState`: the change is made only while the agent is in that state (else 409 `state-changed`)',
  'agent-state-if-reason':
    'PUT /v1/agents/{id}/state takes `ifReason`: the change is made only while the agent holds that reason (else 409 `state-changed` with `currentReason`)',
  'submit-replay':
    'A submit retried with the same request is answered 200 `replayed: true` (header `Idempotent-Replayed: true`), never run again',
  'commands-batch': 'POST /v1/commands runs many commands in one request, answered in order',
  'agents-search':
    'GET /v1/agents takes `q`: only agents whose id holds that text, case ignored (a transfer search reads one page of matches)',
} as const

export type Capability = keyof typeof CAPABILITIES

/** What GET /v1/capabilities answers (one process): every name this build takes, in a stable order. */
export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as Capability[]

/**
 * The names applied where the agents and interactions are kept: with several processes on Redis, the routing process
 * runs them for a request another process forwards (`commands-batch` is split up by the process a host calls).
 */
export const ROUTING_CAPABILITIES: ReadonlySet<string> = new Set<Capability>([
  'agent-state-if-state',
  'agent-state-if-reason',
  'submit-replay',
  // the routing process cuts the agents page: an older one would answer every agent for a `q` it does not read
  'agents-search',
])

/**
 * What a process that forwards to a routing process answers: its own names, those the routing process applies only
 * where `routing` (the list it published) has them too.
 */
export function clusterCapabilities(
  own: readonly string[],
  routing: readonly string[] | undefined,
): string[] {
  // a routing process that published no list is older than publishing one, maybe older than ifState and replays too:
  // none of those is relied on (a host unsure of a name takes its fallback; a name listed but ignored is silently wrong)
  return own.filter((name) => !ROUTING_CAPABILITIES.has(name) || routing?.includes(name) === true)
}
