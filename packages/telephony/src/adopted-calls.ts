// Kamailio's events of calls this bridge never took: with several bridges, a call's events go to the bridge that
// took its INVITE, and to another once that one is gone (kamailio.cfg's OWNER). The call lives on at the router
// (serve, its Redis), so its end is told there by its interaction id: the Call-ID, `<Call-ID>~<leg>` after a transfer.
import { legInteraction } from './call-book.ts'
import { num, str } from './evapi-fields.ts'

export interface AdoptedCallsOptions {
  /** A router command; a refusal (the call already ended there) is logged by it, never thrown. */
  command(method: string, path: string): Promise<void>
  log(message: string, fields?: Record<string, unknown>): void
}

export function createAdoptedCalls(options: AdoptedCallsOptions) {
  const counts = { adoptedCompleted: 0, adoptedUnknown: 0 }
  return {
    /**
     * An event of a Call-ID this bridge has no record of. A BYE ends the call at the router (completed: its agent is
     * freed there); any other (its answer, ring-no-answer, a release's word) needs the state the gone bridge held,
     * so it is logged and counted, and that call ends by its BYE or Kamailio's timers.
     */
    onEvent(message: Record<string, unknown>): void {
      const callId = str(message.callid)
      const leg = num(message.leg)
      if (str(message.event) === 'bye' && leg !== undefined && Number.isInteger(leg) && leg >= 1) {
        const interaction = legInteraction(callId, leg)
        counts.adoptedCompleted++
        options.log('a call taken over from a bridge that is gone ended: completed at the router', {
          interaction,
        })
        void options.command('POST', `/v1/interactions/${encodeURIComponent(interaction)}/complete`)
        return
      }
      counts.adoptedUnknown++
      options.log('an event of a call this bridge never took: not acted on', {
        event: message.event,
        callId,
      })
    },
    counts: () => ({ ...counts }),
  }
}
