// An expanded subroutine call: the node's header and outputs around a frame that holds the called strategy's nodes
// (React Flow child nodes, read-only), with a button to collapse it back into one node.
import { Handle, type NodeProps, Position } from '@xyflow/react'
import { memo } from 'react'
import { useToggleCall } from './call-context.ts'
import type { CallFrameNode } from './flow-nodes.ts'
import { DiagnosticsBadge, OutputRow, StartMarker } from './NodeCardParts.tsx'
import { NodeIcon } from './node-icons.tsx'

function CallFrameViewImpl({ id, data, selected }: NodeProps<CallFrameNode>) {
  const toggle = useToggleCall()
  const { view, call, size } = data
  const classes = [
    'rw-node',
    'rw-node--subroutine',
    'rw-call-frame',
    selected ? 'is-selected' : '',
    view.severity ? `has-${view.severity}` : '',
    view.visit ? `is-${view.visit}` : '',
  ]
  return (
    <section
      className={classes.join(' ')}
      data-testid={`node-${id}`}
      data-node-type="subroutine"
      data-expanded="true"
      aria-label={`${view.title}: calls ${call}, expanded (${size} nodes)`}
    >
      <Handle type="target" position={Position.Left} className="rw-handle rw-handle--in" />
      {view.isStart && <StartMarker />}
      <div className="rw-node__header">
        <span className="rw-node__icon">
          <NodeIcon type="subroutine" />
        </span>
        <span className="rw-node__title" title={view.title === id ? id : `${view.title} (${id})`}>
          {view.title}
        </span>
        {view.diagnostics.length > 0 && (
          <DiagnosticsBadge id={id} severity={view.severity} diagnostics={view.diagnostics} />
        )}
        <button
          type="button"
          className="rw-node__link nodrag"
          data-testid={`collapse-call-${id}`}
          title="Draw this call as one node again"
          onClick={(event) => {
            event.stopPropagation()
            toggle(id)
          }}
        >
          Collapse
        </button>
      </div>
      <div className="rw-node__summary rw-call-frame__note">
        Calls <b>{call}</b>: its {size} nodes, read-only
      </div>
      <div className="rw-node__outputs rw-call-frame__outputs">
        {view.outputs.map((output) => (
          <OutputRow key={output.key} id={id} output={output} simple={false} />
        ))}
      </div>
    </section>
  )
}

export const CallFrameView = memo(CallFrameViewImpl)
