// `closed-order` lists the ended interactions whose views Redis keeps (`closed:<id>`, --closed-ttl, --closed-max): an
// id goes with its view, not only when --closed-max newer ones push it out, and a takeover reads only those kept.
import { describe, expect, it } from 'vitest'
import { CLOSED_IDS } from '../src/core/redis-scripts.ts'
import { commitSequence } from './commit-ops.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
let prefixes = 0
const view = (id: string): [string, string] => [id, `{"state":"completed","id":"${id}"}`]

describe('the closed order', () => {
  it('drops the ids whose views expired with the next commit of a view', async () => {
    const { link } = shared
    const { keys, run } = await commitSequence(link, `order${++prefixes}:`)
    expect(await run({ closed: [view('a'), view('b'), view('c')] })).toEqual(['ok'])
    // a and b expired (deleted here: to the script an expired key and a deleted one are the same)
    await link.send(['DEL', `${keys.closedPrefix}a`, `${keys.closedPrefix}b`])
    expect(await run({ closed: [view('d')] })).toEqual(['ok'])
    expect(await link.send(['LRANGE', keys.closedOrder, '0', '-1'])).toEqual(['c', 'd'])
  })

  it('gives a takeover the ids of the views kept, and drops the others from the front', async () => {
    const { link } = shared
    const { keys, run } = await commitSequence(link, `order${++prefixes}:`)
    expect(await run({ closed: [view('a'), view('b'), view('c')] })).toEqual(['ok'])
    await link.send(['DEL', `${keys.closedPrefix}a`, `${keys.closedPrefix}b`])
    const closedIds = link.script(CLOSED_IDS)
    expect(await closedIds([keys.closedOrder], [keys.closedPrefix])).toEqual(['c'])
    expect(await link.send(['LRANGE', keys.closedOrder, '0', '-1'])).toEqual(['c'])
    // all expired: nothing is left of the list
    await link.send(['DEL', `${keys.closedPrefix}c`])
    expect(await closedIds([keys.closedOrder], [keys.closedPrefix])).toEqual([])
    expect(await link.send(['EXISTS', keys.closedOrder])).toBe(0)
  })
})
