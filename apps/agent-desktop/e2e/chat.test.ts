// A chat the router offers to an agent who takes calls and chats, in real Chromium against a real serve: it pops as a
// chat (its own words, the chat's time), with none of the phone's controls, and the desktop API refuses the phone's
// actions on it with why, sending nothing to any phone.
import { eventually } from '@routewright/node-support/testing'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIRECTORY } from '../../../packages/server/test/helpers.ts'
import { type DesktopSession, startDesktop } from './harness.ts'

/** carl takes a call or two chats in the support group. */
const CHAT_DIRECTORY = DIRECTORY.replace(
  '  bob: { groups: [support], capacity: { voice: 1 } }',
  '  bob: { groups: [support], capacity: { voice: 1 } }\n  carl: { groups: [support], capacity: { voice: 1, chat: 2 } }',
)

let session: DesktopSession
let page: Page

beforeAll(async () => {
  session = await startDesktop({ directory: CHAT_DIRECTORY, media: ['voice', 'chat'] })
  page = session.page
})

afterAll(async () => {
  await session?.close()
})

describe('a chat offered to an agent', () => {
  it('pops as a chat without the phone controls, and the API refuses hold and transfer on it', async () => {
    await page.goto(session.url)
    await page.getByLabel('Agent id').fill('carl')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByTestId('agent-id').filter({ hasText: 'carl' }).waitFor()
    await page.getByRole('heading', { name: 'Calls and chats' }).waitFor()
    await page.getByTestId('media-chat').getByRole('button', { name: 'Ready', exact: true }).click()
    await eventually(async () => {
      const { body } = await session.routing.request('GET', '/v1/agents')
      return body.agents.find((a: { id: string }) => a.id === 'carl').media?.chat === 'ready' || undefined
    })

    await session.placeCall({ id: 'chat-1', ani: 'dana@example.com', dnis: '', media: 'chat' })
    const card = page.getByTestId('call')
    await card.waitFor()
    expect(await card.getAttribute('data-media')).toBe('chat')
    expect(await card.getByTestId('call-title').textContent()).toBe('Chat from dana@example.com')
    expect(await card.getByTestId('call-state').textContent()).toBe('Offered')
    expect(await card.getByRole('timer').first().getAttribute('aria-label')).toBe('Chat time')
    expect(await page.getByRole('status').allTextContents()).toEqual(['Incoming chat from dana@example.com'])
    // no phone wording, no SIP control
    expect(await card.textContent()).not.toMatch(/Caller \(ANI\)|Dialled|Answer on your phone/)
    for (const name of ['Release call', 'Hold', 'Retrieve', 'Transfer'])
      expect(await card.getByRole('button', { name }).count(), name).toBe(0)
    expect(await card.getByLabel('Transfer to').count()).toBe(0)
    expect(await card.getByTestId('call-hint').textContent()).toContain('not a phone call')

    await session.answer('sip-chat-1')
    await card.getByTestId('call-state').filter({ hasText: 'In progress' }).waitFor()
    expect(await card.getByTestId('call-hint').textContent()).toContain(
      'release, hold and transfer are for phone calls',
    )
    // what a stale page or a script would still send: refused with why, nothing sent to a phone
    const refusals = await page.evaluate(async () => {
      const out: Array<{ status: number; body: { error: string; code?: string } }> = []
      for (const [action, body] of [
        ['hold', {}],
        ['transfer', { to: '7000' }],
        ['release', {}],
      ] as const) {
        const answer = await fetch(`/desktop/api/calls/sip-chat-1/${action}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
        out.push({ status: answer.status, body: await answer.json() })
      }
      return out
    })
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual([
      [409, 'not-a-call'],
      [409, 'not-a-call'],
      [409, 'not-a-call'],
    ])
    expect(refusals[0]!.body.error).toBe(
      'Hold works on phone calls; chat-1 is a chat interaction. Answer, hand over and close it where you handle chat: nothing was sent',
    )
    expect(session.calls.actions).toEqual([])
    await session.screenshot('chat-pop')
    // the chat ends at its host: the card goes
    session.calls.offer({ callId: 'sip-chat-1', state: 'ended' })
    await page.getByTestId('no-call').waitFor()
    expect(session.pageErrors.filter((e) => !/status of 409/.test(e))).toEqual([])
  })
})
