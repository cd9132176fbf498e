// The stream reader drops an event a retried commit wrote twice by its tag (`<routing process>#<seq>`), and keeps
// those tags for the last KEPT_TAGS routing processes only: a serve that runs for months sees a takeover now and then.
import { describe, expect, it } from 'vitest'
import { createEventStream, KEPT_TAGS } from '../src/core/redis-event-stream.ts'
import type { RedisLink } from '../src/core/redis-link.ts'
import { redisKeys } from '../src/core/redis-scripts.ts'
import type { ServerEvent } from '../src/core/types.ts'

/** A reader fed by hand (deliver needs no Redis) and the interactions of the events it delivered, in order. */
function makeReader() {
  const stream = createEventStream({} as RedisLink, redisKeys('tags:'))
  const delivered: string[] = []
  stream.listeners.add((event) => delivered.push(event.interaction))
  let ms = 0
  /** One event committed after the last, tagged `tag`. */
  const commit = (tag: string, interaction: string) => {
    const event = { type: 'queued', interaction } as unknown as ServerEvent
    stream.deliver(`${++ms}-0`, JSON.stringify(event), tag, undefined)
  }
  return { commit, delivered }
}

describe('the event stream reader', () => {
  it('drops an event the routing process committed again (its reply was lost), after many takeovers', () => {
    const { commit, delivered } = makeReader()
    for (let leader = 0; leader < KEPT_TAGS * 4; leader++) commit(`p${leader}#1`, `first${leader}`)
    commit('now#1', 'a')
    commit('now#2', 'b')
    commit('now#2', 'b')
    expect(delivered.slice(-2)).toEqual(['a', 'b'])
  })

  it(`forgets a routing process's tag once ${KEPT_TAGS} others routed after it`, () => {
    const { commit, delivered } = makeReader()
    commit('gone#7', 'old')
    for (let leader = 0; leader < KEPT_TAGS; leader++) commit(`p${leader}#1`, `first${leader}`)
    // fenced in Redis since; were it still known, a tag below 7 would be dropped here
    commit('gone#1', 'unknown again')
    expect(delivered.at(-1)).toBe('unknown again')
  })

  it(`keeps the tags of the last ${KEPT_TAGS} routing processes`, () => {
    const { commit, delivered } = makeReader()
    commit('kept#7', 'old')
    for (let leader = 0; leader < KEPT_TAGS - 1; leader++) commit(`p${leader}#1`, `first${leader}`)
    commit('kept#7', 'old')
    expect(delivered.filter((id) => id === 'old')).toHaveLength(1)
  })
})
