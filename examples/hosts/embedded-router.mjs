#!/usr/bin/env node
// The router embedded in a Node service, no server: the examples' workspace loaded and validated, a CRM lookup
// registered as the `lookupCustomer` host function, agents reported ready, and a call routed, offered, answered
// and completed, as a switch (PBX) integration would drive it. Needs only the installed packages.
//
//   node examples/hosts/embedded-router.mjs --workspace examples --ani +15550001
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { createRealClock, createRouter } from '@routewright/strategy-runtime'
import { loadWorkspace } from '@routewright/strategy-runtime/node'

/** The CRM the host asks for a caller's tier (a database or a web service in a real host). */
const CRM = { '+15550001': 'gold', '+15550002': 'silver' }

/**
 * Routes one call of `ani` through the `vip-routing` strategy with ann and erin (the VIP desk) ready; resolves with
 * what happened: the agent it went to, the screen pop attached, the finish, and every event's type in order.
 */
export async function routeOneCall({ workspace, ani, log = () => {} }) {
  const loaded = await loadWorkspace(workspace) // throws a WorkspaceError listing file:line:col when it does not validate
  const events = []
  let settle
  const finished = new Promise((resolve) => {
    settle = resolve
  })
  const router = createRouter({
    ...loaded,
    clock: createRealClock(),
    functions: { lookupCustomer: async ([phone]) => CRM[phone] ?? 'standard' },
    onEvent(event) {
      events.push(event)
      log(`${event.type} ${event.agent ?? event.outcome ?? event.reason ?? ''}`)
      // the switch offers the call to the agent, who answers: the host confirms the reservation it was given
      if (event.type === 'routed')
        router.confirmReservation(event.interaction, { reservation: event.reservation })
      if (event.type === 'finished') settle(event)
    },
  })
  for (const agent of ['ann', 'erin']) router.agentEvent({ agent, state: 'ready' })
  router.submit({ id: 'call-1', strategy: 'vip-routing', media: 'voice', ani, data: { account: 'AC-1' } })
  const finish = await finished
  router.complete('call-1') // the agent hung up: its place frees up for the next call
  const agent = router.snapshot().agents.find((a) => a.id === events.find((e) => e.type === 'routed')?.agent)
  router.stop()
  return {
    outcome: finish.outcome,
    agent: agent?.id,
    agentLoadAfterComplete: agent?.load,
    attached: events.find((e) => e.type === 'data-attached')?.data,
    events: events.map((e) => e.type),
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string', default: 'examples' },
      ani: { type: 'string', default: '+15550001' },
    },
  })
  const result = await routeOneCall({ workspace: values.workspace, ani: values.ani, log: console.log })
  console.log(JSON.stringify(result))
}
