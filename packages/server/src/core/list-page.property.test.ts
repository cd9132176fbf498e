// A page picked in one scan is the page the former sort-then-cut gave, for any list, cursor and filter: same
// entries in the same order, same next cursor (ties, arrivals and departures between pages included).
import { codeUnitOrder } from '@routewright/strategy-dsl'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type AgentQuery,
  agentCursorText,
  agentsPage,
  MAX_PAGE,
  type Page,
  readWaitingCursor,
  type WaitingCursor,
  type WaitingQuery,
  waitingCursorText,
  waitingOrder,
  waitingPage,
} from './list-page.ts'
import type { AgentView, WaitingView } from './types.ts'

// the pages as they were cut before: the whole (filtered) list copied and sorted, then sliced
function sortedWaitingPage(all: readonly WaitingView[], query: WaitingQuery): Page<WaitingView> {
  const { after, queue } = query
  const line = (queue === undefined ? [...all] : all.filter((w) => w.targets.includes(queue))).sort(
    waitingOrder,
  )
  const from = after === undefined ? 0 : sortedStartAfter(line, after)
  const size = Math.min(MAX_PAGE, Math.max(1, Math.floor(query.limit) || 500))
  const entries = line.slice(from, from + size)
  if (from + size >= line.length) return { entries }
  const last = from + size - 1
  let first = last
  while (first > 0 && waitingOrder(line[first - 1]!, line[last]!) === 0) first--
  const recent = line.slice(Math.max(first, last - 8 + 1), last + 1).map((w) => w.interaction)
  const { priority, since } = line[last]!
  return { entries, next: waitingCursorText({ priority, since, listed: last - first + 1, recent }) }
}

function sortedStartAfter(line: readonly WaitingView[], after: WaitingCursor): number {
  const key = { priority: after.priority, since: after.since } as WaitingView
  let first = 0
  while (first < line.length && waitingOrder(line[first]!, key) < 0) first++
  let end = first
  while (end < line.length && waitingOrder(line[end]!, key) === 0) end++
  for (let i = after.recent.length - 1; i >= 0; i--) {
    const at = line.findIndex((w, j) => j >= first && j < end && w.interaction === after.recent[i])
    if (at >= 0) return at + 1
  }
  return Math.min(end, first + Math.max(0, after.listed - after.recent.length))
}

function sortedAgentsPage(all: readonly AgentView[], query: AgentQuery): Page<AgentView> {
  const { after, media, state } = query
  const only = query.id === undefined ? undefined : new Set(query.id)
  const left = all
    .filter(
      (a) =>
        (after === undefined || a.id > after) &&
        (only === undefined || only.has(a.id)) &&
        (state === undefined || (media === undefined ? a.state : (a.media?.[media] ?? a.state)) === state),
    )
    .sort((a, b) => codeUnitOrder(a.id, b.id))
  const size = Math.min(MAX_PAGE, Math.max(1, Math.floor(query.limit) || 500))
  if (left.length <= size) return { entries: left }
  const entries = left.slice(0, size)
  return { entries, next: agentCursorText(entries[size - 1]!.id) }
}

const QUEUES = ['group:a', 'group:b', 'group:c']
// few priorities and ages: most entries tie with others
const waitingEntry = (interaction: string) =>
  fc
    .record({
      priority: fc.integer({ min: 0, max: 2 }),
      since: fc.integer({ min: 0, max: 3 }),
      targets: fc.subarray(QUEUES, { minLength: 1 }),
    })
    .map(
      ({ priority, since, targets }): WaitingView => ({
        interaction,
        version: 'v1',
        node: 'n',
        priority,
        since,
        targets,
      }),
    )

const waitingList = (prefix: string) =>
  fc
    .integer({ min: 0, max: 40 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => waitingEntry(`${prefix}${i}`))))

describe('a page picked in one scan', () => {
  it('is the sorted page, from a cursor the page before gave, after arrivals and departures', () => {
    fc.assert(
      fc.property(
        waitingList('w'),
        waitingList('new'),
        fc.array(fc.boolean(), { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.option(fc.constantFrom(...QUEUES), { nil: undefined }),
        fc.nat(),
        (list, arrived, stays, firstLimit, limit, queue, mix) => {
          const q = queue === undefined ? {} : { queue }
          const before = waitingPage(list, { limit: firstLimit, ...q })
          expect(before).toEqual(sortedWaitingPage(list, { limit: firstLimit, ...q }))
          const after = before.next === undefined ? undefined : readWaitingCursor(before.next)
          // some leave, some arrive (anywhere in the list's order)
          const now = list.filter((_, i) => stays[i] ?? true)
          for (const [i, w] of arrived.entries()) now.splice((mix + i * 7) % (now.length + 1), 0, w)
          const query = { limit, ...q, ...(after ? { after } : {}) }
          expect(waitingPage(now, query)).toEqual(sortedWaitingPage(now, query))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('is the sorted page from any cursor', () => {
    fc.assert(
      fc.property(
        waitingList('w'),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 45 }), { minLength: 1, maxLength: 8 }),
        fc.nat({ max: 20 }),
        fc.integer({ min: 1, max: 12 }),
        fc.option(fc.constantFrom(...QUEUES), { nil: undefined }),
        (list, priority, since, recentAt, extra, limit, queue) => {
          const recent = recentAt.map((i) => `w${i}`)
          const after = { priority, since, listed: recent.length + extra, recent }
          const query = { limit, after, ...(queue === undefined ? {} : { queue }) }
          expect(waitingPage(list, query)).toEqual(sortedWaitingPage(list, query))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('is the sorted agents page for any ids, cursor and filter', () => {
    const STATES = ['ready', 'not-ready', 'logged-out']
    const agent = fc.record({
      id: fc.string({ unit: fc.constantFrom('a', 'B', 'é', '😀', '1', '_'), minLength: 1, maxLength: 4 }),
      state: fc.constantFrom(...STATES),
      voice: fc.option(fc.constantFrom(...STATES), { nil: undefined }),
    })
    fc.assert(
      fc.property(
        fc.uniqueArray(agent, { selector: (a) => a.id, maxLength: 40 }),
        fc.option(fc.string({ unit: fc.constantFrom('a', 'B', 'é', '😀'), maxLength: 3 }), {
          nil: undefined,
        }),
        fc.option(fc.constantFrom(...STATES), { nil: undefined }),
        fc.boolean(),
        fc.option(fc.array(fc.nat({ max: 40 }), { maxLength: 10 }), { nil: undefined }),
        fc.integer({ min: 1, max: 12 }),
        (agents, after, state, byMedia, only, limit) => {
          const all = agents.map(
            ({ id, state, voice }): AgentView => ({
              id,
              state,
              load: {},
              reserved: 0,
              ...(voice === undefined ? {} : { media: { voice } }),
            }),
          )
          const query: AgentQuery = {
            limit,
            ...(after === undefined ? {} : { after }),
            ...(state === undefined ? {} : { state }),
            ...(byMedia ? { media: 'voice' } : {}),
            ...(only === undefined ? {} : { id: only.map((i) => agents[i]?.id ?? `none${i}`) }),
          }
          expect(agentsPage(all, query)).toEqual(sortedAgentsPage(all, query))
        },
      ),
      { numRuns: 500 },
    )
  })
})
