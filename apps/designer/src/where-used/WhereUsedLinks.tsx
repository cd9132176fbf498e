// The node itself and the names its fields refer to (groups, queues, agents, strategies, prompts ...), each with a
// "Where used" button that opens the bottom panel's answer for it.
import { kindOf, nodeName, type ReferenceKind, type StrategyNode } from '@routewright/strategy-dsl'
import { useBottomPanel } from '../layout/BottomPanel.tsx'
import { whereUsedQuery } from './where-used-query.ts'

interface Link {
  kind: ReferenceKind
  /** What where-used looks for: a node is `<strategy>#<node>`. */
  name: string
  label: string
}

export function WhereUsedLinks({ node, id, strategy }: { node: StrategyNode; id: string; strategy: string }) {
  const { show } = useBottomPanel()
  const seen = new Set<string>()
  // the node first: the edges into it and the tests that expect it on their path
  const self: Link = { kind: 'node', name: nodeName(strategy, id), label: id }
  const refs = (kindOf(node).references?.(node) ?? []).map((ref) => ({ ...ref, label: ref.name }))
  const names = [self, ...refs].filter((ref) => {
    const key = `${ref.kind}:${ref.name}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return (
    <>
      <h3 className="rw-section-title">Where used</h3>
      <ul className="rw-where-used-links">
        {names.map((ref) => (
          <li key={`${ref.kind}:${ref.name}`} className="rw-where-used-links__item">
            <button
              type="button"
              className="rw-button"
              data-testid={`where-used-${ref.kind}-${ref.label}`}
              title={`List every use of ${ref.kind} ${ref.label} in the workspace`}
              onClick={() => {
                whereUsedQuery.ask(ref.name, ref.kind)
                show('where-used')
              }}
            >
              {ref.kind} {ref.label}
            </button>
          </li>
        ))}
      </ul>
    </>
  )
}
