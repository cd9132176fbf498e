import { parseStrategy } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { newStrategyText } from '../workspace/files.ts'
import { outputChoices } from './output-choices.ts'

describe('outputChoices', () => {
  it('names each other node by its title with its id, the id as the saved value', () => {
    const doc = parseStrategy(newStrategyText('demo'), { file: 'demo.strategy.yaml' })
    expect(outputChoices(doc, 'hours')).toEqual([
      { value: 'agents', label: 'Agents (agents)' },
      { value: 'closed', label: 'Default route (closed)' },
    ])
  })

  it('shows the id alone when a node has no title or is titled as its id', () => {
    const doc = parseStrategy(newStrategyText('demo'), { file: 'demo.strategy.yaml' })
    const { title: _, ...untitled } = doc.nodes.closed!
    const nodes = { ...doc.nodes, closed: untitled, agents: { ...doc.nodes.agents!, title: 'agents' } }
    expect(outputChoices({ nodes }, 'hours').map((c) => c.label)).toEqual(['agents', 'closed'])
  })
})
