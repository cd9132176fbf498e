// The optional request features this serve takes, by stable name (GET /v1/capabilities): a host detects one here,
// never from a refusal's wording. A name keeps its meaning once listed; docs/serve.md lists each (api.test.ts checks).

/** Each capability's name and what a host may send or expect when serve lists it. */
export const CAPABILITIES = {
  'agent-state-if-state':
    'PUT /v1/agents/{id}/state takes `ifState`: the change is made only while the agent is in that state (else 409 `state-changed`)',
  'agent-state-if-reason':
    'PUT /v1/agents/{id}/state takes `ifReason`: the change is made only while the agent holds that reason (else 409 `state-changed` with `currentReason`)',
  'submit-replay':
    'A submit retried with the same request is answered 200 `replayed: true` (header `Idempotent-Replayed: true`), never run again',
  'commands-batch': 'POST /v1/commands runs many commands in one request, answered in order',
} as const

export type Capability = keyof typeof CAPABILITIES

/** What GET /v1/capabilities answers: every name this build takes, in a stable order. */
export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as Capability[]
