// serve's door checks a submit against the router's limits (422 before anything is created), and the router does
// not check that same input again: the attached data is walked once per submit, as a router alone walks it.
import { DEFAULT_LIMITS } from '@routewright/strategy-runtime'
import { afterEach, describe, expect, it } from 'vitest'
import { workspaceOf } from '../../test/coordinator-contract.ts'
import type { RoutingCoordinator } from '../core/coordinator.ts'
import { createLocalCoordinator } from '../core/local-coordinator.ts'
import { ROUTES } from './routes.ts'

const submitRoute = ROUTES.find((route) => route.operationId === 'submitInteraction')!

/** Attached data whose one value counts its reads. */
function counted() {
  let reads = 0
  const data = {}
  Object.defineProperty(data, 'tier', {
    enumerable: true,
    get: () => {
      reads++
      return 'gold'
    },
  })
  return { data, reads: () => reads }
}

let coordinator: RoutingCoordinator | undefined
afterEach(async () => {
  await coordinator?.stop()
})

async function started(): Promise<RoutingCoordinator> {
  coordinator = await createLocalCoordinator({})
  await coordinator.deploy(workspaceOf('v1'))
  await coordinator.agentEvent({ agent: 'ann', state: 'ready' })
  return coordinator
}

describe("serve's submit: one check of the router's limits", () => {
  it('reads the data as often as the router alone does: the door checks it, the router does not again', async () => {
    const alone = counted()
    expect((await (await started()).submit({ id: 'c1', strategy: 'support', data: alone.data })).ok).toBe(
      true,
    )
    await coordinator?.stop()
    const door = counted()
    const ctx = {
      coordinator: await started(),
      reload: async () => ({ applied: false, version: 'v1' }),
      limits: DEFAULT_LIMITS,
    }
    const reply = await submitRoute.handle(ctx, {}, { id: 'c1', strategy: 'support', data: door.data })
    expect(reply.status).toBe(201)
    expect(door.reads()).toBe(alone.reads())
  })
})
