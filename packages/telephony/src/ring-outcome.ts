// pure: what the final answer on an agent's leg says about the agent, as the reason of the router's reject.

/** An agent leg that rang out: Kamailio's own ring timeout (408, fr_inv_timer) or the phone's "no answer" (480). */
const RANG_OUT: ReadonlySet<number> = new Set([408, 480])

/**
 * The reject reason for the SIP code an agent's leg ended with: `no-answer` when it rang out (the agent goes not
 * ready with the router's RONA reason), `declined` for any other refusal (486 busy, 603 decline, a phone that failed).
 */
export function rejectReasonOfRing(code: number): 'no-answer' | 'declined' {
  return RANG_OUT.has(code) ? 'no-answer' : 'declined'
}

/**
 * What the bridge tells the router for an agent leg that ended unanswered, routed or dialled straight to the agent
 * alike: the reason (`declined` when Kamailio gave no code) and the code as the note.
 */
export function rejectOfRing(code: number | undefined): { reason: 'no-answer' | 'declined'; note?: string } {
  if (code === undefined) return { reason: 'declined' }
  return { reason: rejectReasonOfRing(code), note: `SIP ${code}` }
}
