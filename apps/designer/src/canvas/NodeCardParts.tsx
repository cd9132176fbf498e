// The parts a node card and an expanded call's frame draw alike: the start marker, the diagnostics badge and an
// output row with its source handle, so both keep the same markup (and the same test ids) for the same node view.
import type { Diagnostic } from '@routewright/strategy-dsl'
import { Handle, Position } from '@xyflow/react'
import type { OutputView } from '../core/graph.ts'

/** The START label above the node the strategy starts at. */
export function StartMarker() {
  return (
    <div className="rw-node__start" data-testid="start-marker" title="The strategy starts here">
      START
    </div>
  )
}

/** The count of a node's diagnostics, coloured by the worst; its tooltip lists them. */
export function DiagnosticsBadge({
  id,
  severity,
  diagnostics,
}: {
  id: string
  severity: Diagnostic['severity'] | undefined
  diagnostics: readonly Diagnostic[]
}) {
  return (
    <span
      className={`rw-node__badge rw-node__badge--${severity}`}
      data-testid={`node-badge-${id}`}
      title={diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}
    >
      {diagnostics.length}
    </span>
  )
}

/** One output of node `id`: its detail and name (left out when `simple`) and the handle its edge leaves from. */
export function OutputRow({ id, output, simple }: { id: string; output: OutputView; simple: boolean }) {
  return (
    <div
      className={`rw-node__output${output.target === undefined ? ' is-open' : ''}`}
      data-testid={`output-${id}-${output.name}`}
      title={output.detail ? `${output.name}: ${output.detail}` : output.name}
    >
      {!simple && output.detail && <span className="rw-node__detail">{output.detail}</span>}
      {!simple && <span className="rw-node__output-name">{output.name}</span>}
      <Handle
        type="source"
        id={output.key}
        position={Position.Right}
        className="rw-handle rw-handle--out"
        data-testid={`handle-${id}-${output.key}`}
      />
    </div>
  )
}
