// A host that read serve's capabilities reads them again once serve streams `capabilities-changed`: two serves on a
// real Redis, the bridge and a desktop's list on the one that does not route, the routing lease taken by an older
// build (no list published): the next read gets the shorter list while the bridge's event stream stays open.
import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { capabilitiesChangedEvent } from '../../server/src/api/schemas.ts'
import { redisKeys } from '../../server/src/core/redis-scripts.ts'
import { stoppedAfterEachTest } from '../../server/test/helpers.ts'
import { redisForFile } from '../../server/test/redis-for-file.ts'
import { createBridge, createRouterClient, followServe, type RouterEventData } from '../src/index.ts'
import { createServeCapabilities, routerCapabilities } from '../src/serve-capabilities.ts'

const shared = redisForFile()
const started = stoppedAfterEachTest()

describe("a host's cached capabilities when the routing lease moves", () => {
  it('are read again at the next need once serve streams capabilities-changed, the stream not reopened', async () => {
    const onRedis = () => ({
      coordinator: () =>
        createRedisCoordinator({ url: shared.redis.url, prefix: 'hostcaps:', takeoverMs: 1000 }),
    })
    const routing = await started.serve(onRedis())
    const front = await started.serve({ ...onRedis(), workspace: routing.workspace.dir })
    expect(routing.server.coordinator.primary?.()).toBe(true)
    expect(front.server.coordinator.primary?.()).toBe(false)

    const router = createRouterClient(front.server.url)
    const bridge = createBridge({ router, strategy: 'support', sipDomain: '127.0.0.1:5060' })
    let reopened = 0
    bridge.onServeReconnected(() => reopened++)
    // a desktop's list, wired to the bridge as desktop-api.ts wires it
    const desktop = createServeCapabilities(routerCapabilities(router), () => {})
    bridge.onServeCapabilitiesChanged(() => desktop.forget())
    const following = followServe(router, bridge)
    // what the stream carried, beside the bridge: the event as OpenAPI documents it
    const heard: RouterEventData[] = []
    const watching = router.follow((event) => heard.push(event))
    try {
      await following.ready
      await watching.ready
      expect(await desktop.has('agent-state-if-reason')).toBe(true)

      // a rolling upgrade's older build takes the lease: it publishes no list, so none of the routing names holds
      await shared.link.send(['SET', redisKeys('hostcaps:').leader, 'older-build:1', 'PX', '60000'])
      await eventually(async () => ((await desktop.has('agent-state-if-reason')) ? undefined : true), 10_000)
      expect(await desktop.has('agent-state-if-state')).toBe(false)
      expect(await desktop.has('commands-batch')).toBe(true)
      expect(reopened).toBe(0)
      await eventually(() => heard.some((event) => event.type === 'capabilities-changed') || undefined)
      const changed = heard.filter((event) => event.type === 'capabilities-changed')
      expect(changed).toHaveLength(1)
      expect(capabilitiesChangedEvent.parse(changed[0])).toMatchObject({ capabilities: ['commands-batch'] })
      expect(front.logs).toContainEqual(
        expect.objectContaining({
          msg: 'the capabilities this process answers changed',
          capabilities: ['commands-batch'],
        }),
      )
    } finally {
      await following.stop()
      await watching.stop()
      await shared.link.send(['DEL', redisKeys('hostcaps:').leader])
    }
  })
})
