// A Kamailio still running an older kamailio.cfg (a rolling upgrade) is told apart at link-up: the config's hello says
// its version, and a bridge that needs a newer one logs what the agents will see until Kamailio runs the new config.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createBridge, KAMAILIO_CONFIG, KAMAILIO_CONFIG_VERSION, type RouterClient } from '../src/index.ts'
import { CONFIG_CHANGES } from '../src/kamailio-config-version.ts'

/** A bridge whose log lines are kept, and Kamailio's hello to it with `fields`. */
function helloed(fields: Record<string, unknown>) {
  const router: RouterClient = {
    call: async () => ({ status: 200, body: {} }),
    follow: () => ({ ready: Promise.resolve(), stop: async () => {} }),
  }
  const logged: Array<{ message: string; fields?: Record<string, unknown> | undefined }> = []
  const bridge = createBridge({
    router,
    strategy: 'inbound-call',
    sipDomain: '127.0.0.1:5060',
    log: (message, f) => logged.push({ message, fields: f }),
  })
  bridge.onKamailio({ event: 'hello', bridge: 'bridge-1', bridges: 1, ...fields })
  return logged.filter((l) => l.message.startsWith('kamailio.cfg is older'))
}

describe("Kamailio's config version at link-up", () => {
  it('warns of a config whose hello says no version (the config before it had one), saying what it costs', () => {
    expect(helloed({})).toEqual([
      {
        message:
          "kamailio.cfg is older than this bridge: its hello says no config version, this bridge needs 12. Until Kamailio is restarted with the kamailio.cfg shipped with this bridge, a hold asked before the caller's ACK of its 200 OK is refused as the caller's own 491 (409, try again) instead of sent once the ACK came, and a re-INVITE Kamailio could not send fails only when the command's time is spent, as unanswered; and the ring of an agent signed out is not cancelled (Kamailio ignores `unring`): her phone rings on until its ring-no-answer, the offer already withdrawn at the router, and an answer meanwhile gives her the call; and an answer is not checked against the agent ringing now (it does not name the agent whose phone answered): a stale ring's answer would be taken as the ringing agent's; and a phone's answer coming after the caller hung up is sent on to the caller's old address, and one crossing the CANCEL of a ring taken back at its agent's sign-out gives her the call while logged out, instead of each being ended (ACK and BYE); and a call serve refused or could not take (the bridge's strategy not loaded: 480, a request refused: 400, an outage: 503) is answered without the Warning and Reason headers that say why; and a transfer's next leg whose caller kept its From tag is not told from the old leg while that one talks: the next agent's answer is missed (the leg rings on at the bridge), a release of the next leg ends the old one at the bridge, its hold waits out its time unanswered, and the old leg's end clears the next leg's mark of a call dialled to an agent (a bridge taking it over does not set that agent ready again at its end), and the old leg's end missed while the link was down leaves it talking; and a transfer's old leg still talking when the caller's next INVITE came is not handed to a bridge that takes the call over from one gone, only the next leg: a release, hold or transfer of the old leg asked there finds no such call; and a hold of a transfer's next leg that kept the caller's From tag, asked before the caller's ACK of that leg's 2xx, is sent at once (the old leg's ACK counted for it) and may reach the caller ahead of that 2xx, which drops it (408); and a transfer's old leg taken over from a bridge gone while the next leg talks too (the caller kept its From tag) is held with the next leg's agent SDP, not its own phone's: the caller is offered the other phone's media address; and a caller's hold is kept by Call-ID, not by leg: while a transfer's old leg talks beside the next leg, a hold or retrieve of one marks or clears the other, a bridge taking the call over from one gone opens the next leg as held when the old one was held (and the old one as not held: its retrieve there is refused), and the old leg's end leaves its hold on the next leg, and after a link drop a held caller is shown as not held (Kamailio's hold read by leg); and Kamailio's own 503 to a call arriving while no bridge is connected says no Retry-After, whatever retryAfterSeconds is: a carrier may retry this site at once, or take the 503 as final, rather than fail over; and a transfer's old leg the caller hung up while the link was down, after the next leg under the caller's same From tag had ended, is completed at the router as a plain call, not as the transfer it was (Kamailio keeps its end under the agent's tag, where the bridge does not look); and a hold's or retrieve's answer that comes after the bridge's wait for it ended is taken as the answer of the next hold or retrieve of that call waiting then: the agent is told that one was done or refused on the older one's word (a refused hold's late 488 fails the next hold the caller takes)",
        fields: { config: null, needs: 12 },
      },
    ])
  })

  it('warns of an older version, and not of this one or a newer one', () => {
    expect(helloed({ config: 0 })[0]?.message).toMatch(
      /^kamailio\.cfg is older than this bridge: its hello says config 0,/,
    )
    // config 1 has the hold's `sent`: the ring's cancel, the answer's agent and the late answer's end are missing
    expect(helloed({ config: 1 })[0]?.message).toMatch(
      /this bridge needs 12\. Until Kamailio is restarted with the kamailio\.cfg shipped with this bridge, the ring of an agent signed out is not cancelled/,
    )
    // config 2 has the cancel: the answer's agent and the late answer's end are missing
    expect(helloed({ config: 2 })[0]?.message).toMatch(
      /this bridge needs 12\. Until Kamailio is restarted with the kamailio\.cfg shipped with this bridge, an answer is not checked against the agent ringing now/,
    )
    // config 3 has the answer's agent: the late answer's end and what came after are missing
    expect(helloed({ config: 3 })[0]?.message).toMatch(
      /this bridge needs 12\. Until Kamailio is restarted with the kamailio\.cfg shipped with this bridge, a phone's answer coming after the caller hung up/,
    )
    // config 4 ends the late answer: the refusal's Warning and Reason and the legs' own events are missing
    expect(helloed({ config: 4 })[0]?.message).toMatch(
      /this bridge needs 12\. Until Kamailio is restarted with the kamailio\.cfg shipped with this bridge, a call serve refused or could not take \(the bridge's strategy not loaded: 480, a request refused: 400, an outage: 503\) is answered without/,
    )
    // config 5 adds the refusal's headers: only the legs' own events and marks are missing
    expect(helloed({ config: 5 })[0]?.message).toMatch(
      /this bridge needs 12\. Until Kamailio is restarted with the kamailio\.cfg shipped with this bridge, a transfer's next leg whose caller kept its From tag/,
    )
    // config 6 tells the legs' events apart: only an earlier leg's own state, INVITE and ACK are missing
    expect(helloed({ config: 6 })[0]?.message).toMatch(
      /this bridge needs 12\. Until Kamailio is restarted with the kamailio\.cfg shipped with this bridge, a transfer's old leg still talking when the caller's next INVITE came is not handed/,
    )
    // config 7 hands the old leg over: its own SDP and its own hold are missing
    expect(helloed({ config: 7 })[0]?.message).toMatch(
      /this bridge needs 12\. Until Kamailio is restarted with the kamailio\.cfg shipped with this bridge, a transfer's old leg taken over from a bridge gone while the next leg talks too .* media address; and a caller's hold is kept by Call-ID/,
    )
    // config 8 keeps the old leg's SDP: the hold kept per leg and Kamailio's own 503's Retry-After are missing
    expect(helloed({ config: 8 })[0]?.message).toMatch(
      /this bridge needs 12\. Until Kamailio is restarted with the kamailio\.cfg shipped with this bridge, a caller's hold is kept by Call-ID, not by leg: .* leaves its hold on the next leg, and after a link drop a held caller is shown as not held .*; and Kamailio's own 503/,
    )
    // config 9 keeps the hold per leg: the Retry-After of Kamailio's own 503 and an earlier leg's own ended key are missing
    expect(helloed({ config: 9 })[0]?.message).toMatch(
      /this bridge needs 12\. Until Kamailio is restarted with the kamailio\.cfg shipped with this bridge, Kamailio's own 503 to a call arriving while no bridge is connected says no Retry-After, .* rather than fail over; and a transfer's old leg the caller hung up/,
    )
    // config 10 has the Retry-After: an earlier leg's ended item keyed by its own caller's tag and the answer's CSeq are missing
    expect(helloed({ config: 10 })[0]?.message).toMatch(
      /this bridge needs 12\. Until Kamailio is restarted with the kamailio\.cfg shipped with this bridge, a transfer's old leg the caller hung up while the link was down, after the next leg under the caller's same From tag had ended, is completed at the router as a plain call, .* where the bridge does not look\); and a hold's or retrieve's answer/,
    )
    // config 11 keys the old leg's end by its own tag: only the `reinvited` event's CSeq is missing
    expect(helloed({ config: 11 })[0]?.message).toMatch(
      /this bridge needs 12\. Until Kamailio is restarted with the kamailio\.cfg shipped with this bridge, a hold's or retrieve's answer that comes after the bridge's wait for it ended is taken as the answer of the next .* fails the next hold the caller takes\)$/,
    )
    expect(helloed({ config: KAMAILIO_CONFIG_VERSION })).toEqual([])
    expect(helloed({ config: KAMAILIO_CONFIG_VERSION + 1 })).toEqual([])
  })

  it("is this bridge's version in the kamailio.cfg shipped with it", () => {
    const hello = /evapi_unicast\("\{\\"event\\":\\"hello\\"[^\n]*\\"config\\":(\d+)\}"/.exec(
      readFileSync(KAMAILIO_CONFIG, 'utf8'),
    )
    expect(Number(hello?.[1])).toBe(KAMAILIO_CONFIG_VERSION)
  })

  it("has a README paragraph naming each version and what each older config costs, as the table's rows", () => {
    const text = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ')
    const paragraph = text.slice(text.indexOf('**An older kamailio.cfg**'), text.indexOf('pins the warning'))
    // the versions' list: `... each a row of `CONFIG_CHANGES`: 1 the hold's `sent`, 2 the `unring` ..., 11 an earlier leg's ...)`
    const list = paragraph
      .slice(
        paragraph.indexOf('a row of `CONFIG_CHANGES`:') + 'a row of `CONFIG_CHANGES`:'.length,
        paragraph.indexOf('. A bridge whose'),
      )
      .trim()
    const versions = CONFIG_CHANGES.map((c) => String(c.version))
    expect([...list.matchAll(/(?:^|, )(\d+) /g)].map((m) => m[1])).toEqual(versions)
    // what each older config costs: `with config 1, also ...` up to the version before this bridge's
    expect([...paragraph.matchAll(/with config (\d+)/g)].map((m) => m[1])).toEqual(versions.slice(0, -1))
    expect(/"config":(\d+)/.exec(paragraph)?.[1]).toBe(String(KAMAILIO_CONFIG_VERSION))
  })
})
