// startBridgeLink's wrapUpFile: the latest list saved is what the next bridge under the id reads; a file that is not a
// list a bridge wrote is logged and nothing is taken up from it.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { testFolder } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { openWrapUpFile } from '../src/wrap-up-file.ts'

const ITEM = { callId: 'c1', interaction: 'c1', agent: 'ann', startedAt: 1, endsAt: 2, leg: 1 }

describe('the wrap-up file', () => {
  it('keeps the latest list saved, read back by the next bridge; none at first', async () => {
    const file = path.join(testFolder('rw-wrap-up-file-'), 'wrap-ups-b.json')
    const logged: string[] = []
    const first = await openWrapUpFile(file, (message) => void logged.push(message))
    expect(first.kept).toEqual([])
    first.save([ITEM])
    first.save([ITEM, { ...ITEM, interaction: 'c2' }])
    first.save([{ ...ITEM, interaction: 'c3' }])
    await first.flushed()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([{ ...ITEM, interaction: 'c3' }])
    expect((await openWrapUpFile(file, () => {})).kept).toEqual([{ ...ITEM, interaction: 'c3' }])
    expect(logged).toEqual([])
  })

  it('takes nothing up from a file that is not a list, and says so', async () => {
    const file = path.join(testFolder('rw-wrap-up-file-'), 'wrap-ups-b.json')
    writeFileSync(file, '{"not": "a list"')
    const logged: string[] = []
    const store = await openWrapUpFile(file, (message) => void logged.push(message))
    expect(store.kept).toEqual([])
    expect(logged).toEqual(['wrap-up file is not a list this bridge wrote: no wrap-up taken up from it'])
  })
})
