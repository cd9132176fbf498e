// test ids: nodes-in-view (the cue that part of the strategy is off screen; its button fits every node)
import { type ReactFlowState, useStore } from '@xyflow/react'
import { nodesInView } from './nodes-in-view.ts'
import { useFitAll } from './useFitAll.ts'

// a string, so the chip renders again only when a count changes, not on every frame of a pan
const countKey = (s: ReactFlowState) => {
  const { shown, total } = nodesInView(s.nodes, s.transform, s.width, s.height)
  return `${shown}/${total}`
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
