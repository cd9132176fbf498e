import { describe, expect, it } from 'vitest'
import { createPanelMemory, memoryKey } from './panel-memory.ts'

const SEARCH = memoryKey<string>('search', 'workspace')
const LINK = memoryKey<string>('link', 'designer')

describe('panel memory', () => {
  it('keeps what a panel set for the next time it opens, and tells the panels that read it', () => {
    const memory = createPanelMemory()
    const heard: string[] = []
    memory.subscribe(() => heard.push(memory.get(SEARCH) ?? ''))
    memory.set(SEARCH, 'queue')
    memory.set(SEARCH, 'queue')
    expect(memory.get(SEARCH)).toBe('queue')
    expect(heard).toEqual(['queue'])
  })

  it('forgets the workspace entries when another workspace is listed, keeps the designer ones', () => {
    const memory = createPanelMemory()
    // typed while the first listing was under way: it belongs to that workspace
    memory.set(SEARCH, 'queue')
    memory.set(LINK, 'http://127.0.0.1:8080')
    memory.enter(undefined)
    memory.enter('/srv/a')
    memory.enter('/srv/a')
    expect([memory.get(SEARCH), memory.turn()]).toEqual(['queue', 0])
    memory.enter('/srv/b')
    expect([memory.get(SEARCH), memory.get(LINK), memory.turn()]).toEqual([
      undefined,
      'http://127.0.0.1:8080',
      1,
    ])
  })

  it('is one per designer: two designers in a page remember apart', () => {
    const [one, two] = [createPanelMemory(), createPanelMemory()]
    one.set(SEARCH, 'queue')
    expect(two.get(SEARCH)).toBeUndefined()
  })
})
