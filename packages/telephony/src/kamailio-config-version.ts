// pure: which kamailio.cfg this bridge needs, as Kamailio's hello tells it (its `config`), and what an older one costs.
import { num } from './evapi-fields.ts'

/** One raise of the config version: what that version of kamailio.cfg added, and what a config before it costs. */
export interface ConfigChange {
  version: number
  /** What the config does from this version on. */
  adds: string
  /** What the agents see while Kamailio runs a config older than this version (a clause of the warning). */
  costs: string
}

/**
 * The raises of examples/telephony/kamailio/kamailio.cfg's version (sent in its hello), the oldest first: one row each
 * time the bridge comes to need something new of the config. The README's config-version paragraph names each one.
 */
export const CONFIG_CHANGES: readonly ConfigChange[] = [
  {
    version: 1,
    adds: '`reinvited` says `sent: false` when Kamailio answered itself',
    costs:
      "a hold asked before the caller's ACK of its 200 OK is refused as the caller's own 491 (409, try again) " +
      "instead of sent once the ACK came, and a re-INVITE Kamailio could not send fails only when the command's " +
      'time is spent, as unanswered',
  },
  {
    version: 2,
    adds: "the `unring` action (a ringing offer taken back when its agent signs out), the `invite` item's `cseq`",
    costs:
      'the ring of an agent signed out is not cancelled (Kamailio ignores `unring`): her phone rings on until its ' +
      'ring-no-answer, the offer already withdrawn at the router, and an answer meanwhile gives her the call',
  },
  {
    version: 3,
    adds: '`answered` names the agent whose phone answered (`by`)',
    costs:
      'an answer is not checked against the agent ringing now (it does not name the agent whose phone answered): ' +
      "a stale ring's answer would be taken as the ringing agent's",
  },
  {
    version: 4,
    adds: "a phone's 200 OK after the caller's CANCEL ended the call, or crossing the CANCEL of an `unring`, is ended towards that phone (ACK, BYE), not sent to the caller",
    costs:
      "a phone's answer coming after the caller hung up is sent on to the caller's old address, and one crossing " +
      "the CANCEL of a ring taken back at its agent's sign-out gives her the call while logged out, instead of " +
      'each being ended (ACK and BYE)',
  },
  {
    version: 5,
    adds: "a `reply` action's `headers` are added to the caller's final answer (the Warning and Reason of a call serve refused or could not take)",
    costs:
      "a call serve refused or could not take (the bridge's strategy not loaded: 480, a request refused: 400, an " +
      'outage: 503) is answered without the Warning and Reason headers that say why',
  },
  {
    version: 6,
    adds: "`answered`, `no-answer`, `released`, `agent-bye` and `reinvited` name their leg, the `direct` mark is the leg's own, and an earlier leg's end has its own `ended` item (a transfer's leg that kept the caller's From tag is told from the old leg still talking)",
    costs:
      "a transfer's next leg whose caller kept its From tag is not told from the old leg while that one talks: the " +
      "next agent's answer is missed (the leg rings on at the bridge), a release of the next leg ends the old one " +
      "at the bridge, its hold waits out its time unanswered, and the old leg's end clears the next leg's mark of " +
      'a call dialled to an agent (a bridge taking it over does not set that agent ready again at its end), and ' +
      "the old leg's end missed while the link was down leaves it talking",
  },
  {
    version: 7,
    adds: "an earlier leg still talking when the caller's next INVITE came keeps its state and INVITE under its own leg (`legcalls`, `leginvite`), and a take hands it over too (a `taken` marked `more` before the current leg's), and a re-INVITE naming its leg waits for that leg's own ACK",
    costs:
      "a transfer's old leg still talking when the caller's next INVITE came is not handed to a bridge that takes " +
      'the call over from one gone, only the next leg: a release, hold or transfer of the old leg asked there ' +
      "finds no such call; and a hold of a transfer's next leg that kept the caller's From tag, asked before the " +
      "caller's ACK of that leg's 2xx, is sent at once (the old leg's ACK counted for it) and may reach the caller " +
      'ahead of that 2xx, which drops it (408)',
  },
  {
    version: 8,
    adds: "that earlier leg's agent SDP is kept under its own leg too (`legsdp`) and sent on its `taken` (`sdp`)",
    costs:
      "a transfer's old leg taken over from a bridge gone while the next leg talks too (the caller kept its From " +
      "tag) is held with the next leg's agent SDP, not its own phone's: the caller is offered the other phone's " +
      'media address',
  },
  {
    version: 9,
    adds: "a caller's hold is kept per leg (`held`, `holdask` by `<Call-ID>|<leg>`) and each leg's `taken` carries its own `held`",
    costs:
      "a caller's hold is kept by Call-ID, not by leg: while a transfer's old leg talks beside the next leg, a hold " +
      'or retrieve of one marks or clears the other, a bridge taking the call over from one gone opens the next ' +
      'leg as held when the old one was held (and the old one as not held: its retrieve there is refused), and ' +
      "the old leg's end leaves its hold on the next leg, and after a link drop a held caller is shown as not held " +
      "(Kamailio's hold read by leg)",
  },
  {
    version: 10,
    adds: "Kamailio's own 503 when no bridge is connected says Retry-After (RETRY_AFTER_S, the bridge's retryAfterSeconds)",
    costs:
      "Kamailio's own 503 to a call arriving while no bridge is connected says no Retry-After, whatever " +
      'retryAfterSeconds is: a carrier may retry this site at once, or take the 503 as final, rather than fail over',
  },
  {
    version: 11,
    adds: "an earlier leg's `ended` item is keyed by its own caller's tag (its `leginvite`), also when the caller's BYE came after the next leg under that tag ended",
    costs:
      "a transfer's old leg the caller hung up while the link was down, after the next leg under the caller's same " +
      'From tag had ended, is completed at the router as a plain call, not as the transfer it was (Kamailio keeps ' +
      "its end under the agent's tag, where the bridge does not look)",
  },
  {
    version: 12,
    adds:
      "`reinvited` names its re-INVITE's CSeq (`cseq`, as the bridge's `reinvite` gave it), and the direction a " +
      "re-INVITE's answer sets or clears `held` by is its own (in its transaction, not a `holdask` item by leg)",
    costs:
      "a hold's or retrieve's answer that comes after the bridge's wait for it ended is taken as the answer of the " +
      'next hold or retrieve of that call waiting then: the agent is told that one was done or refused on the ' +
      "older one's word (a refused hold's late 488 fails the next hold the caller takes)",
  },
]

/** The version of kamailio.cfg this bridge reads: its newest change's. */
export const KAMAILIO_CONFIG_VERSION = CONFIG_CHANGES[CONFIG_CHANGES.length - 1]!.version

/** The warning for the config a hello tells of, or undefined when it is this bridge's version or newer. */
export function kamailioConfigWarning(hello: Record<string, unknown>): string | undefined {
  const version = num(hello.config)
  if (version !== undefined && version >= KAMAILIO_CONFIG_VERSION) return undefined
  const says = version === undefined ? 'no config version' : `config ${version}`
  // what each version missing costs, the oldest first
  const costs = CONFIG_CHANGES.filter((c) => version === undefined || version < c.version).map((c) => c.costs)
  return (
    `kamailio.cfg is older than this bridge: its hello says ${says}, this bridge needs ${KAMAILIO_CONFIG_VERSION}. ` +
    `Until Kamailio is restarted with the kamailio.cfg shipped with this bridge, ${costs.join('; and ')}`
  )
}
