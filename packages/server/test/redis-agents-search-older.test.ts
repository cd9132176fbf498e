// GET /v1/agents?q= forwarded to a routing process older than agents-search (pages, no `q`): its page of all agents
// is filtered by the forwarding process, and said partial while pages follow, never passed on as a search's answer.
import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import type { CommandReply, ForwardedCommand } from '../src/core/redis-forward.ts'
import { redisKeys } from '../src/core/redis-scripts.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()

const agent = (id: string) => ({ id, state: 'ready', load: {}, reservations: [] })

describe('an agents search forwarded to an older routing process', () => {
  it('keeps only the matches of the page it answered, said partial while more pages follow', async () => {
    const keys = redisKeys('oldsearch:')
    // the lease as an older build holds it (no published list): this process forwards to it
    await shared.link.send(['SET', keys.leader, 'older-build:1', 'PX', '60000'])
    const c = await createRedisCoordinator({ url: shared.redis.url, prefix: 'oldsearch:', takeoverMs: 1000 })
    try {
      await eventually(async () => {
        expect(await c.capabilities?.()).not.toContain('agents-search')
        return true
      }, 10_000)
      expect(c.primary()).toBe(false)
      // the older build answers the first page of all agents, whatever `q` says
      const answering = (async () => {
        const text = await eventually(async () => {
          const popped = await shared.link.send(['LPOP', keys.commands])
          return typeof popped === 'string' ? popped : undefined
        }, 10_000)
        const command = JSON.parse(text) as ForwardedCommand
        expect(command.op).toBe('agents')
        const reply: CommandReply = {
          id: command.id,
          value: { entries: ['Anna', 'bob', 'joann', 'zed'].map(agent), next: 'cursor' },
        }
        await shared.link.send(['PUBLISH', keys.reply(command.from), JSON.stringify([reply])])
      })()
      const page = await c.agentsPage?.({ limit: 4, q: 'ANN' })
      await answering
      expect(page).toEqual({ entries: [agent('Anna'), agent('joann')], next: 'cursor', partial: true })
    } finally {
      await shared.link.send(['DEL', keys.leader])
      await c.stop()
    }
  })
})
