// A takeover's restore that fails inside the router after it took the run in (a snapshot's wait it cannot rebuild)
// ends the interaction as failed: the router lets go of that run too, so it never acts on a call the book has closed
// (before, the run stayed live in the router: retiring its version finished it again, a second `finished`).
import { createLocalCoordinator, type ServerEvent } from '@routewright/server'
import { parseDirectory, parseStrategy } from '@routewright/strategy-dsl'
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { expect, it } from 'vitest'
import { workspaceOf } from './coordinator-contract.ts'
import { DIRECTORY } from './helpers.ts'

it("lets go of the router's run when a restore fails partway, its trace kept", async () => {
  const clock = createSimulatedClock(1000)
  const from = createLocalCoordinator({ clock })
  const to = createLocalCoordinator({ clock })
  await from.deploy(workspaceOf('v1'))
  await to.deploy(workspaceOf('v1'))
  expect((await from.submit({ id: 'x', strategy: 'support' })).ok).toBe(true)
  const record = from.record('x')!
  const snapshot = from.exportWaiting('x')!
  // passes the router's checks, then fails where it rebuilds the wait (the run is in by then)
  const broken = { ...snapshot, wait: { ...snapshot.wait!, targets: 5 as never } }
  const seen: ServerEvent[] = []
  to.subscribe((event) => seen.push(event))
  const restored = to.restore(record, { kind: 'snapshot', snapshot: broken })
  expect(restored).toMatchObject({ ok: false, error: expect.stringMatching(/failed inside the router/) })
  to.endUnresumed(record, 'Not resumed when routing changed hands: the wait is damaged')
  expect(seen.filter((e) => e.interaction === 'x').map((e) => e.type)).toEqual([
    'error',
    'failed',
    'finished',
  ])
  // past its wait of a minute, and its version retired (its router stopped): nothing more is heard of it
  clock.advance(120_000)
  await to.deploy(workspaceOf('v2'))
  expect(to.deployedVersions()).toEqual(['v2'])
  expect(seen.filter((e) => e.interaction === 'x').map((e) => e.type)).toEqual([
    'error',
    'failed',
    'finished',
  ])
  expect(to.view('x')).toMatchObject({ state: 'failed', outcome: 'error', path: ['pick'] })
  await from.stop()
  await to.stop()
})

it('ends a run mid-step (calling a host function) once: its abandon by the router is not heard', async () => {
  const directory = parseDirectory(`${DIRECTORY}functions:\n  lookup: { args: [], returns: string }\n`)
  const calling = parseStrategy(`strategy: look
format: 1
variables:
  v: { type: string }
start: ask
nodes:
  ask: { type: function, call: 'lookup', into: v, next: { done: end, error: end } }
  end: { type: route, destination: voicemail }
`)
  const workspace = { version: 'v1', strategies: new Map([['look', calling]]), directory }
  // an answer that never comes: the run stays in the function node, not movable
  const to = createLocalCoordinator({ functions: { lookup: () => new Promise<string>(() => {}) } })
  await to.deploy(workspace)
  const seen: ServerEvent[] = []
  to.subscribe((event) => seen.push(event))
  const record = { id: 'y', strategy: 'look', version: 'v1', state: 'routing', arrivedAt: 1000 } as never
  expect(to.restore(record, { kind: 'input', input: { id: 'y', strategy: 'look' } })).toMatchObject({
    ok: true,
  })
  to.endUnresumed(record, 'Not resumed when routing changed hands: test')
  const ends = seen.filter(
    (e) => e.interaction === 'y' && (e.type === 'finished' || e.type.includes('abandon')),
  )
  expect(ends).toEqual([expect.objectContaining({ type: 'finished', outcome: 'error' })])
  expect(to.view('y')).toMatchObject({ state: 'failed', outcome: 'error' })
  await to.stop()
})
