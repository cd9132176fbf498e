// test ids: nodes-in-view (the cue that part of the strategy is off screen; its button fits every node)
import { type ReactFlowState, useStore } from '@xyflow/react'
import { nodesInView } from './nodes-in-view.ts'
import { useFitAll } from './useFitAll.ts'

/** The last count and what it was counted from: the store changes far more often than its nodes or view. */
let last: { from: readonly unknown[]; key: string } | undefined

// a string, so the chip renders again only when a count changes, not on every frame of a pan; counted again only
// when the nodes, the view or the pane changed (React Flow runs it on every change of its store: a batch of measured
// nodes, a new edge list, each counting 3,000 nodes while a large strategy opened)
const countKey = (s: ReactFlowState) => {
  const from = [s.nodes, s.transform, s.width, s.height]
  if (last !== undefined && from.every((v, i) => v === last?.from[i])) return last.key
  const { shown, total } = nodesInView(s.nodes, s.transform, s.width, s.height)
  last = { from, key: `${shown}/${total}` }
  return last.key
}

/** "12 of 30 nodes in view - Fit all" over the canvas while some node is off screen; hidden when all are shown. */
export function NodesInViewChip() {
  const key = useStore(countKey)
  const fitAll = useFitAll()
  const [shown = 0, total = 0] = key.split('/').map(Number)
  if (total === 0 || shown >= total) return null
  return (
    <div className="rw-inview" data-testid="nodes-in-view">
      <span>
        {shown} of {total} nodes in view
      </span>
      <button
        type="button"
        data-testid="nodes-in-view-fit"
        aria-label={`${shown} of ${total} nodes in view: fit all nodes`}
        onClick={() => void fitAll({ duration: 200 })}
      >
        Fit all
      </button>
    </div>
  )
}
