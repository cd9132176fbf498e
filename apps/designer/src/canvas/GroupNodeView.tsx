// A collapsed group of nodes on the canvas: how many, which, and a button to expand it again.
import { Handle, type NodeProps, Position } from '@xyflow/react'
import { memo } from 'react'
import { GROUP_OUT, type GroupNode } from './collapse.ts'
import { useExpandGroup } from './group-context.ts'

function GroupNodeViewImpl({ id, data }: NodeProps<GroupNode>) {
  const expand = useExpandGroup()
  const shown = data.titles.slice(0, 4)
  return (
    <div className="rw-node rw-node--group" data-testid={`group-${id}`}>
      <Handle type="target" position={Position.Left} className="rw-handle rw-handle--in" />
      <div className="rw-node__header">
        <span className="rw-node__title">{data.members.length} nodes, collapsed</span>
      </div>
      <ul className="rw-node__group-list">
        {shown.map((title, i) => (
          <li key={data.members[i]}>{title}</li>
        ))}
        {data.titles.length > shown.length && <li>and {data.titles.length - shown.length} more</li>}
      </ul>
      <div className="rw-node__links">
        <button
          type="button"
          className="rw-node__link nodrag"
          data-testid={`expand-${id}`}
          onClick={(event) => {
            event.stopPropagation()
            expand(id)
          }}
        >
          Expand
        </button>
      </div>
      <Handle type="source" id={GROUP_OUT} position={Position.Right} className="rw-handle rw-handle--out" />
    </div>
  )
}

export const GroupNodeView = memo(GroupNodeViewImpl)
