import { describe, expect, it } from 'vitest'
import { incomingAnnouncement, interactionWording, listWording } from './interaction-wording.ts'
import type { CallView } from './types.ts'

const view = (change: Partial<CallView>): CallView => ({
  callId: 'c1',
  interaction: 'c1',
  ani: '555 0100',
  dnis: '7000',
  state: 'ringing',
  attached: {},
  startedAt: 0,
  ...change,
})

describe('interactionWording', () => {
  it('names a call without media (the SIP bridge sends none) or with voice a call, with its phone controls', () => {
    for (const media of [undefined, 'voice'])
      expect(interactionWording(view(media === undefined ? {} : { media }))).toMatchObject({
        phone: true,
        title: 'Call from 555 0100',
        state: 'Ringing',
        timer: 'Call time',
      })
    expect(interactionWording(view({ state: 'talking', held: true }))).toMatchObject({ state: 'On hold' })
    expect(interactionWording(view({ state: 'talking' })).hint).toBeUndefined()
  })

  it('names a chat a chat, offered then in progress, and points to where it is handled', () => {
    const offered = interactionWording(view({ media: 'chat', ani: 'dana@example.com' }))
    expect(offered).toMatchObject({
      phone: false,
      noun: 'chat',
      title: 'Chat from dana@example.com',
      state: 'Offered',
      timer: 'Chat time',
    })
    expect(offered.hint).not.toContain('phone;')
    const going = interactionWording(view({ media: 'chat', state: 'talking', ani: '' }))
    expect(going).toMatchObject({ title: 'Chat from unknown customer', state: 'In progress' })
    expect(going.hint).toContain('release, hold and transfer are for phone calls')
    expect(incomingAnnouncement(view({ media: 'chat', ani: 'dana' }))).toBe('Incoming chat from dana')
    expect(incomingAnnouncement(view({ ani: '' }))).toBe('Incoming call from an unknown number')
  })
})

describe('listWording', () => {
  it('says Calls for voice alone, and names every media the agent handles otherwise', () => {
    expect(listWording(['voice']).heading).toBe('Calls')
    expect(listWording(['voice', 'chat'])).toEqual({
      heading: 'Calls and chats',
      empty:
        "Nothing right now. The calls and chats the router sends you appear here with the customer's data.",
    })
    expect(listWording(['chat']).heading).toBe('Chats')
  })
})
