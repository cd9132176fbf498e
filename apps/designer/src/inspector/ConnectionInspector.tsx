// A connection selected on the canvas: what it is (the node it leaves, by which output, the node it goes to) and
// what can be done with it. The strategy's form showed here before, as if nothing were selected.
import { disconnectOutputs } from '../core/commands.ts'
import type { SelectedConnection } from '../core/selected-connection.ts'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'

function NodeName({ id }: { id: string }) {
  const title = useEditor((s) => s.document?.nodes[id]?.title)
  return (
    <>
      {title && title !== id ? `${title} ` : ''}
      <code>{id}</code>
    </>
  )
}

export function ConnectionInspector({ connection }: { connection: SelectedConnection }) {
  const store = useEditorStore()
  const { source, output, target, key } = connection
  return (
    <div className="rw-inspector__body" data-testid="inspector-connection">
      <div className="rw-inspector__kind">
        <div>
          <div className="rw-inspector__kind-title">Connection</div>
          <div className="rw-muted">Where output “{output}” of one node goes.</div>
        </div>
      </div>
      <dl className="rw-connection">
        <dt>From</dt>
        <dd data-testid="connection-from">
          <NodeName id={source} />
        </dd>
        <dt>Output</dt>
        <dd data-testid="connection-output">{output}</dd>
        <dt>To</dt>
        <dd data-testid="connection-to">
          <NodeName id={target} />
        </dd>
      </dl>
      <div className="rw-inline">
        <button
          type="button"
          className="rw-button"
          data-testid="connection-go-from"
          onClick={() => store.focusNode(source)}
        >
          Go to {source}
        </button>
        <button
          type="button"
          className="rw-button"
          data-testid="connection-go-to"
          onClick={() => store.focusNode(target)}
        >
          Go to {target}
        </button>
      </div>
      <div className="rw-inline">
        <button
          type="button"
          className="rw-button rw-button--danger"
          data-testid="connection-delete"
          // the output is left unconnected (its node then takes the default route, or Problems says it must lead on)
          onClick={() => {
            store.selectEdge(undefined)
            disconnectOutputs(store, [{ source, key }])
          }}
        >
          Delete connection
        </button>
      </div>
    </div>
  )
}
