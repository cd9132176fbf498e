import type { StrategyDocument } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { findNodes } from './node-search.ts'

const doc = {
  strategy: 's',
  format: 1,
  start: 'menu',
  nodes: {
    menu: { type: 'switch', title: 'Language', cases: [{ label: 'fr', when: 'key == "2"', next: 'french' }] },
    french: {
      type: 'target',
      targets: [{ skill: 'skills.french >= 5' }],
      treatments: [{ play: 'prompts/bonjour' }],
      notes: 'Paris team only',
    },
  },
} as unknown as StrategyDocument

describe('findNodes', () => {
  it.each([
    ['key == "2"', 'menu', 'cases[0].when'],
    ['FRENCH >=', 'french', 'targets[0].skill'],
    ['bonjour', 'french', 'treatments[0].play'],
    ['paris team', 'french', 'notes'],
    ['langu', 'menu', 'title'],
  ])('finds %j in node content', (query, id, where) => {
    expect(findNodes(doc, query)).toEqual([expect.objectContaining({ id, where })])
  })

  it('matches ids first and finds nothing for blank or absent text', () => {
    expect(findNodes(doc, 'french')[0]).toMatchObject({ id: 'french', where: 'id' })
    expect(findNodes(doc, 'french')[1]).toMatchObject({ id: 'menu', where: 'cases[0].next' })
    expect(findNodes(doc, '  ')).toEqual([])
    expect(findNodes(doc, 'switch')).toEqual([])
  })
})
