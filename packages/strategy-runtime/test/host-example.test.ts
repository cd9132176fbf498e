// Runs examples/hosts/embedded-router.mjs on the examples, as its header tells users to: the router embedded with
// loadWorkspace, a host function, a confirmed reservation and a completed call.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: the example is plain JavaScript, on purpose
import { routeOneCall } from '../../../examples/hosts/embedded-router.mjs'

const workspace = path.resolve(import.meta.dirname, '../../../examples')

describe('the embedded router example', () => {
  it('routes a gold caller (by the CRM host function) to the VIP desk with the screen pop, then completes', async () => {
    const result = await routeOneCall({ workspace, ani: '+15550001' })
    expect(result).toMatchObject({
      outcome: 'routed',
      agentLoadAfterComplete: {},
      attached: { Segment: 'VIP', CustomerTier: 'gold', ScreenPop: 'crm://accounts/AC-1' },
      events: ['data-attached', 'routed', 'finished'],
    })
    expect(['ann', 'erin']).toContain(result.agent)
  })

  it('routes a caller the CRM does not know to general support, with no screen pop', async () => {
    const result = await routeOneCall({ workspace, ani: '+15559999' })
    expect(result).toMatchObject({ outcome: 'routed', agent: 'ann', events: ['routed', 'finished'] })
    expect(result.attached).toBeUndefined()
  })
})
