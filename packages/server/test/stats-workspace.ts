// The workspace of the statistics-across-reload tests: a directory before and after a change, and a strategy that
// records what it reads in its trace and routes on one figure.

/**
 * The first directory: ann and bob in support, dan alone in vip. `changed`: vip and dan are gone, bob moved to the
 * new retention group, cat joined it.
 */
export function directory(changed = false): string {
  const groups = changed ? 'retention: { title: Retention }' : 'vip: { title: VIP }'
  const agents = changed
    ? '  bob: { groups: [retention], capacity: { voice: 1 } }\n  cat: { groups: [retention], capacity: { voice: 1 } }'
    : '  bob: { groups: [support], capacity: { voice: 1 } }\n  dan: { groups: [vip], capacity: { voice: 1 } }'
  return `directory: test-center
format: 1
groups:
  support: { title: Support }
  ${groups}
agents:
  ann: { groups: [support], capacity: { voice: 1 } }
${agents}
destinations:
  voicemail: { type: routing-point, address: "7000" }
  overflow: { type: routing-point, address: "7001" }
`
}

/** The support group's five windowed figures: what a takeover must carry over (the cases of the `look` switch). */
export const WINDOWED_READS = `
      - { label: sl, when: 'stat("group:support", "ServiceLevel(20s)", "15m") < 0.0', next: pick }
      - { label: handled, when: 'stat("group:support", "InteractionsHandled", "15m") < 0.0', next: pick }
      - { label: abandons, when: 'stat("group:support", "AbandonRate", "15m") < 0.0', next: pick }
      - { label: asa, when: 'stat("group:support", "AverageSpeedOfAnswer", "15m") < 0.0', next: pick }
      - { label: aht, when: 'stat("group:support", "AverageHandleTime", "15m") < 0.0', next: pick }`

/** Two current figures besides: the group's ready agents and ann's time in state. */
const CURRENT_READS = `
      - { label: ready, when: 'stat("group:support", "AgentsReady", "current") < 0.0', next: pick }
      - { label: ann, when: 'stat("agent:ann", "TimeInState", "current") < 0.0', next: pick }`

/**
 * Reads `reads` (the seven statistics by default; recorded in the trace), then `extra`, then: probes go to voicemail
 * (never counted), checks go to overflow once the group handled two interactions (else voicemail), the rest wait
 * for the group for `wait`.
 */
export function strategy(wait = '1m', extra = '', reads = WINDOWED_READS + CURRENT_READS): string {
  return `strategy: support
format: 1
inputs:
  probe: { type: string, default: "" }
start: look
nodes:
  look:
    type: switch
    cases:${reads}${extra}
      - { label: probe, when: 'data.probe == "yes"', next: voicemail }
      - { label: seasoned, when: 'data.probe == "check" && stat("group:support", "InteractionsHandled", "15m") >= 2', next: overflow }
      - { label: rookie, when: 'data.probe == "check"', next: voicemail }
    default: pick
    error: pick
  pick:
    type: target
    targets: [{ group: support }]
    wait: ${wait}
    next: { timeout: voicemail, error: voicemail }
  voicemail: { type: route, destination: voicemail }
  overflow: { type: route, destination: overflow }
`
}

/** Reads of the retention group: only a directory that has it validates this strategy. */
export const RETENTION_READS = `
      - { label: r_ready, when: 'stat("group:retention", "AgentsReady", "current") < 0.0', next: pick }
      - { label: r_in, when: 'stat("group:retention", "AgentsLoggedIn", "current") < 0.0', next: pick }`
