import { describe, expect, it } from 'vitest'
import { createDraftStore, type Draft } from './drafts.ts'
import { memoryStorage } from './memory-storage.ts'

const PATH = 'a.strategy.yaml'
function make(overrides: Partial<Draft> = {}): Draft {
  return { path: PATH, baseVersion: 'v1', text: 'x', savedAt: 5, ...overrides }
}

describe('draft store', () => {
  it('keeps a draft per file with the version it started from', () => {
    const drafts = createDraftStore(memoryStorage(), 'tab1')
    drafts.save(make())
    expect(drafts.load(PATH)).toEqual(make())
    expect(drafts.load('b.strategy.yaml')).toBeUndefined()
    drafts.clear(PATH)
    expect(drafts.load(PATH)).toBeUndefined()
  })

  it('reads a corrupt entry as no draft', () => {
    const drafts = createDraftStore(
      memoryStorage({ [`routewright.draft@tab1::${PATH}`]: '{not json' }),
      'tab1',
    )
    expect(drafts.load(PATH)).toBeUndefined()
  })

  it('keeps editing when the storage is full', () => {
    const drafts = createDraftStore(
      {
        ...memoryStorage(),
        setItem: () => {
          throw new Error('QuotaExceededError')
        },
      },
      'tab1',
    )
    expect(() => drafts.save(make())).not.toThrow()
  })

  it('gives two tabs on one file each their own draft back', () => {
    const storage = memoryStorage()
    const a = createDraftStore(storage, 'tabA')
    const b = createDraftStore(storage, 'tabB')
    a.save(make({ text: 'mine, in A', savedAt: 1 }))
    b.save(make({ text: 'mine, in B', savedAt: 2 }))
    expect(a.load(PATH)?.text).toBe('mine, in A')
    expect(b.load(PATH)?.text).toBe('mine, in B')
  })

  it("peeks at another tab's draft without taking it over", () => {
    const storage = memoryStorage()
    const a = createDraftStore(storage, 'tabA')
    const b = createDraftStore(storage, 'tabB')
    a.save(make({ text: 'left in A' }))
    expect(b.peek(PATH)?.text).toBe('left in A')
    expect(a.load(PATH)?.text).toBe('left in A')
  })

  it("keeps a tab's draft when another tab saves the file", () => {
    const storage = memoryStorage()
    const a = createDraftStore(storage, 'tabA')
    const b = createDraftStore(storage, 'tabB')
    a.save(make({ text: 'unsaved in A' }))
    b.save(make({ text: 'saved from B' }))
    b.clear(PATH)
    expect(a.load(PATH)?.text).toBe('unsaved in A')
  })

  it('takes over the newest draft a closed tab left, once', () => {
    const storage = memoryStorage()
    createDraftStore(storage, 'old1').save(make({ text: 'older', savedAt: 1 }))
    createDraftStore(storage, 'old2').save(make({ text: 'newer', savedAt: 2 }))
    const fresh = createDraftStore(storage, 'fresh')
    expect(fresh.load(PATH)?.text).toBe('newer')
    fresh.clear(PATH)
    // the taken draft is gone; the older one is what is left for the next tab
    expect(createDraftStore(storage, 'later').load(PATH)?.text).toBe('older')
  })

  it('keeps drafts of two workspaces served on one address apart, even in one tab', () => {
    const storage = memoryStorage()
    let workspace = '/home/me/examples'
    const tab = createDraftStore(storage, 'tab1', () => workspace)
    tab.save(make({ text: 'typed in examples/' }))
    // the same address now serves another folder with a file of the same name
    workspace = 'C:\\me\\my-strategies'
    expect(tab.load(PATH)).toBeUndefined()
    expect(createDraftStore(storage, 'tab2', () => workspace).load(PATH)).toBeUndefined()
    tab.save(make({ text: 'typed in my-strategies/' }))
    workspace = '/home/me/examples'
    expect(tab.load(PATH)?.text).toBe('typed in examples/')
    workspace = 'C:\\me\\my-strategies'
    expect(tab.load(PATH)?.text).toBe('typed in my-strategies/')
  })

  it('reads a draft written before drafts were kept per tab', () => {
    const storage = memoryStorage({
      [`routewright.draft:${PATH}`]: JSON.stringify(make({ text: 'old form' })),
    })
    expect(createDraftStore(storage, 'tab1').load(PATH)?.text).toBe('old form')
    expect(storage.map.has(`routewright.draft:${PATH}`)).toBe(false)
  })
})
