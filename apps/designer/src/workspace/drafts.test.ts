import { describe, expect, it } from 'vitest'
import { createDraftStore } from './drafts.ts'

function makeStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial))
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  }
}

describe('draft store', () => {
  it('keeps a draft per file with the version it started from', () => {
    const drafts = createDraftStore(makeStorage())
    drafts.save({ path: 'a.strategy.yaml', baseVersion: 'v1', text: 'x', savedAt: 5 })
    expect(drafts.load('a.strategy.yaml')).toEqual({
      path: 'a.strategy.yaml',
      baseVersion: 'v1',
      text: 'x',
      savedAt: 5,
    })
    expect(drafts.load('b.strategy.yaml')).toBeUndefined()
    drafts.clear('a.strategy.yaml')
    expect(drafts.load('a.strategy.yaml')).toBeUndefined()
  })

  it('reads a corrupt entry as no draft', () => {
    const drafts = createDraftStore(makeStorage({ 'routewright.draft:a.strategy.yaml': '{not json' }))
    expect(drafts.load('a.strategy.yaml')).toBeUndefined()
  })

  it('keeps editing when the storage is full', () => {
    const storage = makeStorage()
    const drafts = createDraftStore({
      ...storage,
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    })
    expect(() => drafts.save({ path: 'a', baseVersion: 'v1', text: 'x', savedAt: 0 })).not.toThrow()
  })
})
