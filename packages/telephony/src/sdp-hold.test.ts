// The hold and retrieve offers built from the agent phone's SDP.
import { describe, expect, it } from 'vitest'
import { sessionVersion, withDirection } from './sdp-hold.ts'

const PHONE =
  'v=0\r\no=agent 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n'

describe('the SDP of a hold re-INVITE', () => {
  it('puts sendonly on the stream and raises the session version', () => {
    expect(withDirection(PHONE, 'sendonly', 2)).toBe(
      'v=0\r\no=agent 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendonly\r\n',
    )
  })

  it('replaces a direction already there, on every stream', () => {
    const two = `${PHONE}a=recvonly\r\nm=video 6002 RTP/AVP 96\r\na=inactive\r\n`
    const held = withDirection(two, 'sendrecv', 3)!
    expect(held.match(/^a=\w+$/gm)!.filter((l) => /send|recv|inactive/.test(l))).toEqual([
      'a=sendrecv',
      'a=sendrecv',
    ])
    expect(held).toMatch(/m=audio[\s\S]*a=sendrecv\r\nm=video[\s\S]*a=sendrecv\r\n$/)
  })

  it('has no offer for an SDP without an o= line', () => {
    expect(withDirection('v=0\r\nm=audio 1 RTP/AVP 0\r\n', 'sendonly', 2)).toBeUndefined()
    expect(sessionVersion(PHONE)).toBe(1)
  })
})
