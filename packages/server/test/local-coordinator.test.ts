import { createLocalCoordinator } from '@routewright/server'
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { expect, it } from 'vitest'
import { readAgentCursor, readWaitingCursor } from '../src/core/list-page.ts'
import { coordinatorContract, workspaceOf } from './coordinator-contract.ts'
import { supportStrategy } from './helpers.ts'

coordinatorContract('one process', async ({ reservationTimeoutMs, clock }) =>
  createLocalCoordinator({
    ...(reservationTimeoutMs === undefined ? {} : { limits: { reservationTimeoutMs } }),
    ...(clock ? { clock } : {}),
  }),
)

it("pages every version's waiting interactions in one line, each with its version", async () => {
  const clock = createSimulatedClock(1000)
  const c = createLocalCoordinator({ clock })
  await c.deploy(workspaceOf('v1'))
  await c.submit({ id: 'old', strategy: 'support' })
  clock.advance(10)
  await c.deploy(workspaceOf('v2', supportStrategy('support', '2m', 5)))
  await c.submit({ id: 'urgent', strategy: 'support' })
  clock.advance(10)
  await c.submit({ id: 'later', strategy: 'support' })
  const line = (entries: Array<{ interaction: string; version: string }>) =>
    entries.map((w) => [w.interaction, w.version])
  const first = await c.waitingPage({ limit: 2 })
  expect(line(first.entries)).toEqual([
    ['urgent', 'v2'],
    ['later', 'v2'],
  ])
  const next = await c.waitingPage({ limit: 2, after: readWaitingCursor(first.next!)! })
  expect(line(next.entries)).toEqual([['old', 'v1']])
  expect(line(await c.waiting())).toEqual([...line(first.entries), ['old', 'v1']])
  await c.stop()
})

it("pages one millisecond's interactions in arrival order, whatever their places in the routers' lists", async () => {
  const c = createLocalCoordinator({ clock: createSimulatedClock(1000) })
  await c.deploy(workspaceOf('v1'))
  for (const id of ['x1', 'x2']) await c.submit({ id, strategy: 'support' })
  await c.deploy(workspaceOf('v2'))
  for (const id of ['a', 'b', 'c', 'd', 'e']) await c.submit({ id, strategy: 'support' })
  // a leaves: the last of v2's list takes its place there, ahead of b, c and d
  await c.abandon('a')
  await c.abandon('x1')
  const pagedLine = async () => {
    const seen: string[] = []
    let page = await c.waitingPage({ limit: 2 })
    for (;;) {
      seen.push(...page.entries.map((w) => `${w.interaction}@${w.version}`))
      if (page.next === undefined) return seen
      page = await c.waitingPage({ limit: 2, after: readWaitingCursor(page.next)! })
    }
  }
  // same priority and age: each version's in its arrival order, versions in deploy order (as waiting() lists them)
  expect(await pagedLine()).toEqual(['x2@v1', 'b@v2', 'c@v2', 'd@v2', 'e@v2'])
  expect((await c.waiting()).map((w) => `${w.interaction}@${w.version}`)).toEqual(await pagedLine())
  // one version left with interactions waiting
  await c.abandon('x2')
  expect(await pagedLine()).toEqual(['b@v2', 'c@v2', 'd@v2', 'e@v2'])
  await c.stop()
})

it('pages the agents named by id alone, each once, by id, with the state filter', async () => {
  const c = createLocalCoordinator({ clock: createSimulatedClock(1000) })
  await c.deploy(workspaceOf('v1'))
  await c.agentEvent({ agent: 'bob', state: 'ready' })
  const ids = (page: { entries: Array<{ id: string }> }) => page.entries.map((a) => a.id)
  const named = ['bob', 'ann', 'bob', 'nobody']
  const first = await c.agentsPage({ limit: 1, id: named })
  expect(ids(first)).toEqual(['ann'])
  expect(ids(await c.agentsPage({ limit: 1, id: named, after: readAgentCursor(first.next!)! }))).toEqual([
    'bob',
  ])
  expect(await c.agentsPage({ limit: 5, id: named, state: 'ready' })).toMatchObject({
    entries: [{ id: 'bob', state: 'ready' }],
  })
  await c.stop()
})
