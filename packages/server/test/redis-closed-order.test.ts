// `closed-ids` lists the ended interactions whose views Redis keeps (`closed:<id>`, --closed-ttl, --closed-max): an
// id goes with its view, not only when --closed-max newer ones push it out, and a takeover reads only those kept; a
// view written again is listed once, and the ids an older server left in its list (`closed-order`) are moved over.
import { describe, expect, it } from 'vitest'
import { type RedisKeys, redisKeys, STORE_CLOSED } from '../src/core/redis-scripts.ts'
import { endedBefore } from '../src/core/redis-takeover.ts'
import { commitSequence } from './commit-ops.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
let prefixes = 0
const view = (id: string, n = 1): [string, string] => [id, `{"state":"completed","id":"${id}","n":${n}}`]
/** The ids a takeover reads. */
const takeoverRead = (keys: RedisKeys) => endedBefore({ link: shared.link, keys })

describe('the closed order', () => {
  it('drops the ids whose views expired with the next commit of a view', async () => {
    const { link } = shared
    const { keys, run } = await commitSequence(link, `order${++prefixes}:`)
    expect(await run({ closed: [view('a'), view('b'), view('c')] })).toEqual(['ok'])
    // a and b expired (deleted here: to the script an expired key and a deleted one are the same)
    await link.send(['DEL', `${keys.closedPrefix}a`, `${keys.closedPrefix}b`])
    expect(await run({ closed: [view('d')] })).toEqual(['ok'])
    expect(await link.send(['ZRANGE', keys.closedOrder, '0', '-1'])).toEqual(['c', 'd'])
  })

  it('gives a takeover the ids of the views kept, and drops the others from the front', async () => {
    const { link } = shared
    const { keys, run } = await commitSequence(link, `order${++prefixes}:`)
    expect(await run({ closed: [view('a'), view('b'), view('c')] })).toEqual(['ok'])
    await link.send(['DEL', `${keys.closedPrefix}a`, `${keys.closedPrefix}b`])
    expect(await takeoverRead(keys)).toEqual(['c'])
    expect(await link.send(['ZRANGE', keys.closedOrder, '0', '-1'])).toEqual(['c'])
    // all expired: nothing is left of the list
    await link.send(['DEL', `${keys.closedPrefix}c`])
    expect(await takeoverRead(keys)).toEqual([])
    expect(await link.send(['EXISTS', keys.closedOrder])).toBe(0)
  })

  it('lists a view written again once when it expired behind an older one kept (a re-seed)', async () => {
    const { link } = shared
    const { keys, run } = await commitSequence(link, `order${++prefixes}:`)
    expect(await run({ closed: [view('w'), view('x')] })).toEqual(['ok'])
    // x expired while w, older, is still kept: x stays listed behind w
    await link.send(['DEL', `${keys.closedPrefix}x`])
    // Redis lost x's view: the routing process writes it again (STORE_CLOSED, as redis-leader.ts's rewriteClosed)
    const storeClosed = link.script(STORE_CLOSED)
    await storeClosed([keys.closedOrder], [keys.closedPrefix, '60000', '10', ...view('x', 2)])
    expect(await takeoverRead(keys)).toEqual(['w', 'x'])
    expect(await link.send(['GET', `${keys.closedPrefix}x`])).toBe(view('x', 2)[1])
  })

  it('keeps a view written again until it is the oldest, when --closed-max drops views', async () => {
    const { link } = shared
    const { keys, run } = await commitSequence(link, `order${++prefixes}:`)
    expect(await run({ closed: [view('w'), view('x')], maxClosed: 2 })).toEqual(['ok'])
    await link.send(['DEL', `${keys.closedPrefix}x`])
    // x ends again (a commit of its view): two views kept, within the cap of 2
    expect(await run({ closed: [view('x', 2)], maxClosed: 2 })).toEqual(['ok'])
    // y ends: w, the oldest, goes; x's new view stays, written after w
    expect(await run({ closed: [view('y')], maxClosed: 2 })).toEqual(['ok'])
    expect(await link.send(['GET', `${keys.closedPrefix}x`])).toBe(view('x', 2)[1])
    expect(await link.send(['EXISTS', `${keys.closedPrefix}w`])).toBe(0)
    expect(await takeoverRead(keys)).toEqual(['x', 'y'])
  })

  it("moves an older server's list of ids over at the takeover, older than those committed since", async () => {
    const { link } = shared
    const { keys, run } = await commitSequence(link, `order${++prefixes}:`)
    // as a server before pass closedset left them: a, b (expired), c, then a listed twice (its view written again)
    await link.send(['RPUSH', keys.closedOrderList, 'a', 'b', 'c', 'a'])
    for (const id of ['a', 'c'])
      await link.send(['SET', `${keys.closedPrefix}${id}`, view(id)[1], 'PX', '60000'])
    // a commit of this server meanwhile writes its own (the list left as it is: no WRONGTYPE)
    expect(await run({ closed: [view('d')] })).toEqual(['ok'])
    expect(await takeoverRead(keys)).toEqual(['c', 'a', 'd'])
    expect(await link.send(['EXISTS', keys.closedOrderList])).toBe(0)
    expect(await run({ closed: [view('e')], maxClosed: 3 })).toEqual(['ok'])
    expect(await takeoverRead(keys)).toEqual(['a', 'd', 'e'])
    expect(await link.send(['EXISTS', `${keys.closedPrefix}c`])).toBe(0)
  })

  it('moves a list longer than one chunk (500) in order', async () => {
    const { link } = shared
    const keys = redisKeys(`order${++prefixes}:`)
    const ids = Array.from({ length: 1_234 }, (_, i) => `old${i}`)
    await link.send(['RPUSH', keys.closedOrderList, ...ids])
    await link.send(['MSET', ...ids.flatMap((id) => [`${keys.closedPrefix}${id}`, 'v'])])
    expect(await takeoverRead(keys)).toEqual(ids)
    expect(await link.send(['EXISTS', keys.closedOrderList])).toBe(0)
  })
})
