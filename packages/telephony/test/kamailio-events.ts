// Kamailio's evapi events as kamailio.cfg sends them, for the tests that drive a bridge without Kamailio.

/** A caller's INVITE (call c1 from +1 to 5000) as the `invite` event, with `fields` over its defaults. */
export function inviteEvent(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event: 'invite',
    tindex: 1,
    tlabel: 2,
    callid: 'c1',
    ftag: 'f1',
    ani: '+1',
    dnis: '5000',
    contact: 'sip:+1@127.0.0.1:7000',
    ...fields,
  }
}
