import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react'
import { memo, useEffect, useRef } from 'react'
import type { FlowNode } from './flow-nodes.ts'
import { NodeIcon } from './node-icons.tsx'
import { countRender } from './render-counter.ts'

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** One strategy node on the canvas: kind icon, title, summary, diagnostics badge and one handle per output. */
function StrategyNodeViewImpl({ id, data, selected }: NodeProps<FlowNode>) {
  countRender(id)
  const updateInternals = useUpdateNodeInternals()
  // handles are measured on mount; re-measure only when the outputs change later (on mount it would cost
  // one store update per node, quadratic for a large strategy)
  const measuredOutputs = useRef(data.outputs)
  useEffect(() => {
    if (measuredOutputs.current === data.outputs) return
    measuredOutputs.current = data.outputs
    updateInternals(id)
  }, [data.outputs, id, updateInternals])
  const { node, severity, diagnostics, visit } = data
  const classes = [
    'rw-node',
    `rw-node--${node.type}`,
    selected ? 'is-selected' : '',
    severity ? `has-${severity}` : '',
    visit ? `is-${visit}` : '',
  ]
  return (
    <div className={classes.join(' ')} data-testid={`node-${id}`} data-node-type={node.type}>
      <Handle type="target" position={Position.Left} className="rw-handle rw-handle--in" />
      {data.isStart && (
        <div className="rw-node__start" data-testid="start-marker" title="The strategy starts here">
          START
        </div>
      )}
      <div className="rw-node__header">
        <span className="rw-node__icon">
          <NodeIcon type={node.type} />
        </span>
        <span className="rw-node__title" title={id}>
          {data.title}
        </span>
        {diagnostics.length > 0 && (
          <span
            className={`rw-node__badge rw-node__badge--${severity}`}
            data-testid={`node-badge-${id}`}
            title={diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}
          >
            {diagnostics.length}
          </span>
        )}
      </div>
      <div className="rw-node__summary" title={data.summary}>
        {data.summary || '\u00a0'}
      </div>
      {data.values && (
        <div className="rw-node__values" data-testid={`node-values-${id}`}>
          {Object.entries(data.values).map(([key, value]) => (
            <div key={key}>
              <b>{key}</b> {formatValue(value)}
            </div>
          ))}
        </div>
      )}
      <div className="rw-node__outputs">
        {data.outputs.map((output) => (
          <div
            key={output.key}
            className={`rw-node__output${output.target === undefined ? ' is-open' : ''}`}
            data-testid={`output-${id}-${output.name}`}
          >
            <span>{output.name}</span>
            <Handle
              type="source"
              id={output.key}
              position={Position.Right}
              className="rw-handle rw-handle--out"
              data-testid={`handle-${id}-${output.key}`}
            />
          </div>
        ))}
        {data.outputs.length === 0 && <div className="rw-node__output rw-node__output--none">end</div>}
      </div>
    </div>
  )
}

export const StrategyNodeView = memo(StrategyNodeViewImpl)
