import { describe, expect, it } from 'vitest'
import { busyLogoutMessage, isPhoneCall } from './call-media.ts'

describe('call media', () => {
  it('takes a call without media (the SIP bridge sends none) for a phone call, a chat not', () => {
    expect([{}, { media: 'voice' }, { media: 'chat' }].map(isPhoneCall)).toEqual([true, true, false])
  })

  it('says what holds a logout up: a call to release or transfer, a chat to close where it is handled', () => {
    expect(busyLogoutMessage([{}])).toBe('Release or transfer your call before logging out')
    expect(busyLogoutMessage([{ media: 'chat' }, { media: 'chat' }])).toBe(
      'Close your chat where you handle chat before logging out',
    )
    expect(busyLogoutMessage([{ media: 'voice' }, { media: 'chat' }])).toBe(
      'Release or transfer your call and close your chat where you handle chat before logging out',
    )
  })
})
