// A waiting page's cursor among ties (interactions queued in the same millisecond at the same priority, in the
// router's arrival order, not by id): the next page starts after the newest tie listed that still waits.
import { describe, expect, it } from 'vitest'
import { agentQuery, waitingQuery } from '../api/page-query.ts'
import {
  type AgentQuery,
  agentIdMatcher,
  agentsPage,
  MAX_SEARCH_CHARS,
  readWaitingCursor,
  searchedPage,
  waitingPage,
} from './list-page.ts'
import type { AgentView, WaitingView } from './types.ts'

const tie = (interaction: string): WaitingView => ({
  interaction,
  version: 'v1',
  node: 'n',
  priority: 0,
  since: 1000,
  targets: ['group:support'],
})
// arrival order, which is not id order
const LINE = ['k', 'b', 'x', 'a', 'q', 'c', 'z'].map(tie)
const ids = (list: readonly WaitingView[]) => list.map((w) => w.interaction)

describe('waiting pages among ties', () => {
  it('keep arrival order and go on after the last listed', () => {
    const first = waitingPage(LINE, { limit: 3 })
    expect(ids(first.entries)).toEqual(['k', 'b', 'x'])
    const second = waitingPage(LINE, { limit: 3, after: readWaitingCursor(first.next!)! })
    expect(ids(second.entries)).toEqual(['a', 'q', 'c'])
    expect(ids(waitingPage(LINE, { limit: 3, after: readWaitingCursor(second.next!)! }).entries)).toEqual([
      'z',
    ])
  })

  it('go on after the newest tie still waiting when the last listed (and the one before) left', () => {
    const first = waitingPage(LINE, { limit: 3 })
    const left = LINE.filter((w) => w.interaction !== 'x' && w.interaction !== 'b')
    expect(ids(waitingPage(left, { limit: 10, after: readWaitingCursor(first.next!)! }).entries)).toEqual([
      'a',
      'q',
      'c',
      'z',
    ])
  })

  it('refuse a cursor that names no tie or counts fewer listed than it names', () => {
    const text = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString('base64url')
    expect(readWaitingCursor(text(['w', 0, 1000, 1]))).toBeUndefined()
    expect(readWaitingCursor(text(['w', 0, 1000, 1, 'a', 'b']))).toBeUndefined()
    expect(readWaitingCursor(text(['w', 0, 1000, 2, 'a', 'b']))).toEqual({
      priority: 0,
      since: 1000,
      listed: 2,
      recent: ['a', 'b'],
    })
  })

  it("give a cursor serve reads back when the ties' ids are long and not ASCII", () => {
    // 256 characters (limits.maxIdChars) of 3 UTF-8 bytes each: 8 of them base64 to more than serve reads
    const long = Array.from({ length: 10 }, (_, i) => tie(`${i}${'€'.repeat(255)}`))
    const first = waitingPage(long, { limit: 9 })
    const query = waitingQuery.safeParse({ after: first.next })
    expect(query.success).toBe(true)
    // the cursor still ends at the last listed: the next page is the tenth alone
    expect(ids(waitingPage(long, { limit: 9, after: query.data!.after! }).entries)).toEqual([
      long[9]!.interaction,
    ])
  })
})

// GET /v1/agents?q=: a transfer search reads one page of the agents whose id holds the text, case ignored
describe('agent search (q)', () => {
  const agent = (id: string, state = 'ready') => ({ id, state, load: {}, reserved: 0 }) as AgentView
  const ALL = ['Ann.Lee', 'joanna', 'bob', 'ANNE', 'dan', 'Änne'].map((id) =>
    agent(id, id === 'joanna' ? 'not-ready' : 'ready'),
  )
  const found = (q: Record<string, string>) =>
    agentsPage(ALL, agentQuery.parse(q) as AgentQuery).entries.map((a) => a.id)

  it('finds the text anywhere in the id, case ignored, accents not folded', () => {
    expect(found({ q: 'ann' })).toEqual(['ANNE', 'Ann.Lee', 'joanna'])
    expect(found({ q: 'ÄN' })).toEqual(['Änne'])
    expect(found({ q: 'zed' })).toEqual([])
  })

  it('combines with state and limit, the cursor going on within the matches', () => {
    expect(found({ q: 'ann', state: 'ready' })).toEqual(['ANNE', 'Ann.Lee'])
    const first = agentsPage(ALL, agentQuery.parse({ q: 'n', limit: '2' }) as AgentQuery)
    expect(first.entries.map((a) => a.id)).toEqual(['ANNE', 'Ann.Lee'])
    expect(found({ q: 'n', limit: '2', after: first.next! })).toEqual(['dan', 'joanna'])
  })

  it('refuses an empty or overlong q as a query issue on `q`', () => {
    for (const q of ['', 'x'.repeat(MAX_SEARCH_CHARS + 1)]) {
      const read = agentQuery.safeParse({ q })
      expect(read.success, q).toBe(false)
      expect(read.error?.issues[0]?.path).toEqual(['q'])
    }
    expect(agentQuery.safeParse({ q: 'x'.repeat(MAX_SEARCH_CHARS) }).success).toBe(true)
  })

  it('bounds a forwarded q it did not parse (another process asked)', () => {
    const long = `ann${'x'.repeat(MAX_SEARCH_CHARS)}`
    expect(agentIdMatcher(long)(long.slice(0, MAX_SEARCH_CHARS))).toBe(true)
  })

  it('filters a page an older routing process cut without q, partial only while pages follow', () => {
    const line = (id: string) => ({ id, state: 'ready' })
    const page = { entries: ['Anna', 'bob', 'joann'].map(line), next: 'cursor' }
    expect(searchedPage(page, 'ann')).toEqual({
      entries: [line('Anna'), line('joann')],
      next: 'cursor',
      partial: true,
    })
    expect(searchedPage({ entries: page.entries }, 'bob')).toEqual({ entries: [line('bob')] })
    expect(searchedPage(page, 'bob', true)).toEqual({ entries: [line('bob')], next: 'cursor' })
  })
})
