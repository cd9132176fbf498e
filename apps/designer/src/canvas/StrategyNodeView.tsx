// One strategy node on the canvas: full card when readable, a light block when zoomed out (large strategies pan
// smoothly), with its outputs' conditions, notes and a link to the strategy a subroutine or route names.
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react'
import { type CSSProperties, memo, useEffect, useRef } from 'react'
import { notesLines, summaryLines } from '../core/graph.ts'
import { ExpandCallButton } from './ExpandCallButton.tsx'
import type { FlowNode } from './flow-nodes.ts'
import { DiagnosticsBadge, OutputRow, StartMarker } from './NodeCardParts.tsx'
import { NodeIcon } from './node-icons.tsx'
import { NODE_PAINT_TIMING } from './paint-timing.ts'
import { countRender } from './render-counter.ts'
import { StrategyLink } from './StrategyLink.tsx'
import { stepValueText } from './step-value-text.ts'
import { useZoomedOut } from './zoom-context.ts'

declare module 'react' {
  // the Element Timing API's attribute: the browser records when the element is first painted
  interface HTMLAttributes<T> {
    elementtiming?: string
  }
}

/** Below this zoom a node's text is unreadable anyway: draw it without text, icons or badges. */
export const SIMPLE_ZOOM = 0.45

/** The lines a summary or note is clamped to: those its card's estimated height counts (app.css `--lines`). */
const linesStyle = (lines: number) => ({ '--lines': lines }) as CSSProperties

function linkedStrategy(node: FlowNode['data']['node']): string | undefined {
  if (node.type === 'subroutine') return node.call
  if (node.type === 'route') return node.strategy
  return undefined
}

function StrategyNodeViewImpl({ id, data, selected }: NodeProps<FlowNode>) {
  countRender(id)
  const simple = useZoomedOut()
  const updateInternals = useUpdateNodeInternals()
  // handles are measured on mount; re-measure only when the outputs (or the drawing) change later (on mount it
  // would cost one store update per node, quadratic for a large strategy)
  const measured = useRef({ outputs: data.outputs, simple })
  useEffect(() => {
    if (measured.current.outputs === data.outputs && measured.current.simple === simple) return
    measured.current = { outputs: data.outputs, simple }
    updateInternals(id)
  }, [data.outputs, simple, id, updateInternals])
  const { node, severity, diagnostics, visit } = data
  const classes = [
    'rw-node',
    `rw-node--${node.type}`,
    simple ? 'is-simple' : '',
    selected ? 'is-selected' : '',
    severity ? `has-${severity}` : '',
    visit ? `is-${visit}` : '',
  ]
  const linked = linkedStrategy(node)
  return (
    <div
      className={classes.join(' ')}
      data-testid={`node-${id}`}
      data-node-type={node.type}
      data-simple={simple}
    >
      <Handle type="target" position={Position.Left} className="rw-handle rw-handle--in" />
      {data.isStart && <StartMarker />}
      <div className="rw-node__header">
        {!simple && (
          <span className="rw-node__icon">
            <NodeIcon type={node.type} />
          </span>
        )}
        <span
          className="rw-node__title"
          title={data.title === id ? id : `${data.title} (${id})`}
          elementtiming={NODE_PAINT_TIMING}
        >
          {data.title}
        </span>
        {diagnostics.length > 0 && !simple && (
          <DiagnosticsBadge id={id} severity={severity} diagnostics={diagnostics} />
        )}
      </div>
      {!simple && (
        <>
          <div
            className="rw-node__summary"
            title={data.summary}
            style={linesStyle(summaryLines(data.summary))}
          >
            {data.summary || '\u00a0'}
          </div>
          {linked !== undefined && (
            <div className="rw-node__links">
              <StrategyLink strategy={linked} />
              {node.type === 'subroutine' && !id.includes(':') && (
                <ExpandCallButton id={id} strategy={linked} />
              )}
            </div>
          )}
          {node.notes && (
            <div
              className="rw-node__notes"
              data-testid={`node-notes-${id}`}
              title={node.notes}
              style={linesStyle(notesLines(node.notes))}
            >
              {node.notes}
            </div>
          )}
          {data.values && (
            <div className="rw-node__values" data-testid={`node-values-${id}`}>
              {Object.entries(data.values).map(([key, value]) => {
                const text = stepValueText(value)
                return (
                  <div key={key} title={`${key} ${text}`}>
                    <b>{key}</b> {text}
                  </div>
                )
              })}
            </div>
          )}
        </>
      )}
      <div className="rw-node__outputs">
        {data.outputs.map((output) => (
          <OutputRow key={output.key} id={id} output={output} simple={simple} />
        ))}
        {data.outputs.length === 0 && (
          <div className="rw-node__output rw-node__output--none">{simple ? '' : 'end'}</div>
        )}
      </div>
    </div>
  )
}

export const StrategyNodeView = memo(StrategyNodeViewImpl)
