// The names a node's fields refer to (groups, queues, agents, strategies, prompts ...), each with a "Where used"
// button that opens the bottom panel's answer for it.
import { kindOf, type StrategyNode } from '@routewright/strategy-dsl'
import { useBottomPanel } from '../layout/BottomPanel.tsx'
import { whereUsedQuery } from './where-used-query.ts'

export function WhereUsedLinks({ node }: { node: StrategyNode }) {
  const { show } = useBottomPanel()
  const seen = new Set<string>()
  const names = (kindOf(node).references?.(node) ?? []).filter((ref) => {
    const key = `${ref.kind}:${ref.name}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  if (names.length === 0) return null
  return (
    <>
      <h3 className="rw-section-title">Where used</h3>
      <ul className="rw-where-used-links">
        {names.map((ref) => (
          <li key={`${ref.kind}:${ref.name}`}>
            <button
              type="button"
              className="rw-button"
              data-testid={`where-used-${ref.kind}-${ref.name}`}
              title={`List every use of ${ref.kind} ${ref.name} in the workspace`}
              onClick={() => {
                whereUsedQuery.ask(ref.name, ref.kind)
                show('where-used')
              }}
            >
              {ref.kind} {ref.name}
            </button>
          </li>
        ))}
      </ul>
    </>
  )
}
