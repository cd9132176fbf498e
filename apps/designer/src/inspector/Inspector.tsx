import { documentKindOf, type Field, kindOf, type Path, type StrategyNode } from '@routewright/strategy-dsl'
import { type RefObject, useCallback, useContext, useMemo, useRef, useState } from 'react'
import { NodeIcon } from '../canvas/node-icons.tsx'
import {
  deleteSelection,
  duplicateSelection,
  editableDocument,
  makeStart,
  nodeIdProblem,
  renameSelected,
} from '../core/commands.ts'
import { connect, setIn, setNode } from '../core/document-edit.ts'
import { fixActionsFor } from '../core/fix-actions.ts'
import { nodeOfDiagnostic } from '../core/graph.ts'
import { selectedConnection } from '../core/selected-connection.ts'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { useFocusAfterFix } from '../hooks/useFocusAfterFix.ts'
import { showText, useMiddleView } from '../layout/middle-view.ts'
import { renameInTests } from '../where-used/rename-in-tests.ts'
import { WhereUsedLinks } from '../where-used/WhereUsedLinks.tsx'
import { useWorkspaceSession } from '../workspace/WorkspaceProvider.tsx'
import { ConnectionInspector } from './ConnectionInspector.tsx'
import { type DeclarationKind, DeclarationsEditor } from './DeclarationsEditor.tsx'
import {
  DocumentHistory,
  FieldError,
  FormReadOnly,
  ReadOnlyNotice,
  RefusedField,
  Row,
  SelectField,
  TextField,
} from './fields.tsx'
import { KindForm } from './KindForm.tsx'
import { outputChoices } from './output-choices.ts'
import { refusalPlace, refusedFieldName } from './refusal-place.ts'

function NodeInspector({
  id,
  node,
  renamedTo,
}: {
  id: string
  node: StrategyNode
  /** The id a rename (or an undo or redo of one from its id field) gave the node: the new form (keyed by id) takes the focus it lost. */
  renamedTo: RefObject<string | undefined>
}) {
  const store = useEditorStore()
  const history = useContext(DocumentHistory)
  const document = useEditor((s) => s.document)!
  const { session } = useWorkspaceSession()
  const directory = useEditor((s) => s.context.directory)
  const isStart = useEditor((s) => s.document?.start === id)
  const allDiagnostics = useEditor((s) => s.diagnostics)
  const diagnostics = allDiagnostics.filter((d) => nodeOfDiagnostic(d) === id)
  const body = useRef<HTMLDivElement>(null)
  // the problem a quick fix was applied from: focus goes to the next one, or the inspector's heading
  const fixedAt = useFocusAfterFix(
    body,
    '[data-testid="inspector-problem"]',
    (box) => box.closest('.rw-inspector')?.querySelector<HTMLElement>('.rw-panel-title'),
    allDiagnostics,
  )
  // the fixes the Problems panel offers, on the document the diagnostics were found in
  const inSyncDocument = useEditor((s) => (s.inSync ? s.document : undefined))
  const context = useEditor((s) => s.context)
  const [idProblem, setIdProblem] = useState<string | undefined>()
  const set = useCallback(
    (path: Path, value: unknown) => {
      const doc = editableDocument(store)
      const current = doc?.nodes[id]
      if (!doc || !current) return
      const next = setIn(current, path, value) as StrategyNode
      store.applyDocument(setNode(doc, id, next), { coalesce: `inspector:${id}:${path.join('.')}` })
    },
    [store, id],
  )
  const kind = kindOf(node)
  const others = outputChoices(document, id)
  return (
    <div className="rw-inspector__body" data-node={id} ref={body}>
      <div className="rw-inspector__kind">
        <NodeIcon type={node.type} size={18} />
        <div>
          <div className="rw-inspector__kind-title">{kind.title}</div>
          <div className="rw-muted">{kind.description}</div>
        </div>
      </div>
      <Row label="Id">
        <TextField
          name="id"
          value={id}
          commitOnBlur
          // the form is keyed by the id: after a rename, its undo or redo the new form's id field takes the focus
          renamedTo={renamedTo}
          invalid={idProblem}
          onHistoryKey={(redo) => {
            history?.(redo)
            // an undone or redone rename re-keys this form: the next one keeps the keyboard on its id field
            const [next] = store.getState().selection
            if (next !== undefined && next !== id) renamedTo.current = next
          }}
          onChange={(v) => {
            const to = v.trim()
            // a refused id stays in the field beside its reason: the node keeps its old id until it is fixed
            const doc = editableDocument(store)
            const problem = doc ? nodeIdProblem(doc, id, to) : undefined
            setIdProblem(problem)
            if (problem !== undefined || to === id) return
            renamedTo.current = to
            const before = store.getState().text
            if (!renameSelected(store, id, to)) {
              renamedTo.current = undefined
              return
            }
            const after = store.getState().text
            store.notify(`Node ${id} renamed to ${to}.`)
            renameInTests(session, document.strategy, id, to).then(
              (edits) => {
                if (edits.length === 0) return
                const files = edits.map((e) => e.path).join(', ')
                // the tests' edits ride on the rename's undo step: undo and redo take them back and again
                const undoable = store.linkEdits(before, after, edits)
                store.notify(
                  `Node ${id} renamed to ${to}, in ${files} too (unsaved)${undoable ? '' : '; undo there on its own'}.`,
                )
              },
              (error: unknown) =>
                store.notify(
                  `Node ${id} renamed to ${to}; its tests still name ${id}: ${error instanceof Error ? error.message : String(error)}`,
                ),
            )
          }}
        />
        <FieldError name="id" message={idProblem} />
      </Row>
      <Row label="Title">
        <TextField
          name="title"
          value={node.title ?? ''}
          placeholder={id}
          wrap="one-line"
          onChange={(v) => set(['title'], v || undefined)}
        />
      </Row>
      <Row label="Start">
        {isStart ? (
          <span className="rw-pill" data-testid="is-start">
            Entry node
          </span>
        ) : (
          <button
            type="button"
            className="rw-button"
            data-testid="set-start"
            onClick={() => makeStart(store, id)}
          >
            Set as start
          </button>
        )}
      </Row>
      <h3 className="rw-section-title">Settings</h3>
      <KindForm id={id} node={node} set={set} document={document} directory={directory} />
      <WhereUsedLinks node={node} id={id} strategy={document.strategy} />
      {kind.outputs(node).length > 0 && (
        <>
          <h3 className="rw-section-title">Outputs</h3>
          {kind.outputs(node).map((output) => (
            <Row
              key={output.path.join('.')}
              label={output.name}
              hint={output.required ? 'required' : 'optional'}
            >
              <SelectField
                name={`output-${output.name}`}
                value={output.target}
                options={others}
                allowEmpty={output.required ? '— not connected —' : '— default route —'}
                onChange={(target) => {
                  const doc = editableDocument(store)
                  if (doc) store.applyDocument(connect(doc, id, output.path, target))
                }}
              />
            </Row>
          ))}
        </>
      )}
      <Row label="Notes">
        <TextField
          name="notes"
          value={node.notes ?? ''}
          multiline
          onChange={(v) => set(['notes'], v || undefined)}
        />
      </Row>
      {diagnostics.length > 0 && (
        <ul className="rw-inspector__problems" data-testid="inspector-problems">
          {diagnostics.map((d, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: the same code can repeat on one node
              key={`${d.code}:${i}`}
              className={`rw-problem--${d.severity}`}
              data-testid="inspector-problem"
              tabIndex={-1}
            >
              <b>{d.code}</b> {d.message}
              {fixActionsFor(d, store, inSyncDocument, context).map((fix) => (
                <button
                  key={fix.label}
                  type="button"
                  className="rw-button rw-quick-fix"
                  data-testid="quick-fix"
                  title={fix.label}
                  onClick={() => {
                    fixedAt.current = i
                    fix.run()
                  }}
                >
                  {fix.label}
                </button>
              ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function DocumentInspector() {
  const store = useEditorStore()
  const document = useEditor((s) => s.document)
  const unparsed = useEditor((s) => s.file !== undefined && !s.inSync && s.text.trim() !== '')
  // a test or directory file never draws a strategy: "does not parse" was said of one that parses
  const kind = useEditor((s) => (s.file === undefined ? undefined : documentKindOf(s.file)))
  if (!document) {
    return (
      <p className="rw-muted rw-inspector__empty" data-testid="inspector-empty">
        {kind === 'test' || kind === 'directory'
          ? `A ${kind} file has no settings here: edit it in the text view; Problems lists its findings.`
          : unparsed
            ? 'This file does not parse yet: fix the errors Problems lists, then its settings show here.'
            : 'Open a strategy from the file list.'}
      </p>
    )
  }
  const setField = (key: 'title' | 'description', value: string) => {
    const doc = editableDocument(store)
    if (!doc) return
    const { [key]: _old, ...rest } = doc
    store.applyDocument(value ? { ...rest, [key]: value } : rest, { coalesce: `inspector:doc:${key}` })
  }
  const setDeclarations = (kind: DeclarationKind, next: Record<string, Field> | undefined) => {
    const doc = editableDocument(store)
    if (!doc) return
    const { [kind]: _old, ...rest } = doc
    store.applyDocument(next === undefined ? rest : { ...rest, [kind]: next }, {
      coalesce: `inspector:doc:${kind}`,
    })
  }
  return (
    <div className="rw-inspector__body">
      <div className="rw-inspector__kind">
        <div>
          <div className="rw-inspector__kind-title">Strategy {document.strategy}</div>
          <div className="rw-muted">
            {Object.keys(document.nodes).length} nodes · start {document.start || '—'}
          </div>
        </div>
      </div>
      <Row label="Title">
        <TextField
          name="strategy-title"
          value={document.title ?? ''}
          wrap="one-line"
          onChange={(v) => setField('title', v)}
        />
      </Row>
      <Row label="Description">
        <TextField
          name="strategy-description"
          value={document.description ?? ''}
          multiline
          onChange={(v) => setField('description', v)}
        />
      </Row>
      <h3 className="rw-section-title">Inputs (data.&lt;name&gt;)</h3>
      <DeclarationsEditor kind="inputs" document={document} apply={setDeclarations} />
      <h3 className="rw-section-title">Variables</h3>
      <DeclarationsEditor kind="variables" document={document} apply={setDeclarations} />
      <h3 className="rw-section-title">Outputs (returned to a caller)</h3>
      <DeclarationsEditor kind="outputs" document={document} apply={setDeclarations} />
      <p className="rw-muted">Select a node to edit its settings.</p>
    </div>
  )
}

/** Why the last form edit was not written: the file keeps its last valid state and the canvas stays live. */
function RefusalNotice() {
  const refusal = useEditor((s) => s.refusal)
  if (refusal === undefined) return null
  return (
    <p className="rw-refusal" role="alert" data-testid="inspector-refusal">
      {/* the place as well as the field: "label" alone did not say which case's label */}
      Not written ({refusalPlace(refusal.path)}): {refusal.message} The file keeps its last valid value.
    </p>
  )
}

/** The form of the selected node (or of the strategy when nothing is selected). */
export function Inspector() {
  const store = useEditorStore()
  const selection = useEditor((s) => s.selection)
  const node = useEditor((s) => (s.selection.length === 1 ? s.document?.nodes[s.selection[0]!] : undefined))
  // a selected connection, when no node is: shown rather than the strategy's form
  const edgeSelection = useEditor((s) => (s.selection.length === 0 ? s.edgeSelection : undefined))
  const doc = useEditor((s) => s.document)
  const connection = useMemo(() => selectedConnection(doc, edgeSelection), [doc, edgeSelection])
  const renamedTo = useRef<string | undefined>(undefined)
  // every text field of the form undoes and redoes the document with the keys, as the toolbar's buttons do
  const history = useCallback((redo: boolean) => (redo ? store.redo() : store.undo()), [store])
  // the selected node's field a refused edit was typed in: marked invalid, its reason beside it
  const refusal = useEditor((s) => s.refusal)
  const selected = selection.length === 1 ? selection[0] : undefined
  const refusedName = refusal && selected !== undefined ? refusedFieldName(refusal.path, selected) : undefined
  const refused = useMemo(
    () =>
      refusal && refusedName !== undefined ? { name: refusedName, message: refusal.message } : undefined,
    [refusal, refusedName],
  )
  // the last good document is shown while the text does not parse: its form is read-only until the text parses
  const readOnly = useEditor((s) => s.document !== undefined && !s.inSync && s.text.trim() !== '')
  const middleView = useMiddleView()
  const firstError = useEditor((s) =>
    readOnly ? s.diagnostics.find((d) => d.severity === 'error' && d.range !== undefined) : undefined,
  )
  const showError =
    firstError?.range === undefined
      ? undefined
      : () => {
          const at = firstError.range!.start
          // the error is in the text: bring it beside the canvas, with the caret on it
          showText(middleView)
          store.revealAt(at.line, at.column)
        }
  return (
    <section className="rw-inspector" aria-label="Inspector" data-testid="inspector">
      {/* focusable from script: where a quick fix that left no problem puts the focus */}
      <h2 className="rw-panel-title" tabIndex={-1}>
        Inspector
      </h2>
      <RefusalNotice />
      {readOnly && <ReadOnlyNotice onShowError={showError} />}
      <DocumentHistory.Provider value={history}>
        <RefusedField.Provider value={refused}>
          <FormReadOnly.Provider value={readOnly}>
            {/* display: contents; disabled, it disables every field, button and select of the form at once */}
            <fieldset className="rw-inspector__fields" disabled={readOnly} data-testid="inspector-fields">
              {selection.length === 1 && node ? (
                <NodeInspector key={selection[0]} id={selection[0]!} node={node} renamedTo={renamedTo} />
              ) : selection.length > 1 ? (
                <div className="rw-inspector__body">
                  <p>{selection.length} nodes selected.</p>
                  <div className="rw-inline">
                    <button type="button" className="rw-button" onClick={() => duplicateSelection(store)}>
                      Duplicate
                    </button>
                    <button
                      type="button"
                      className="rw-button rw-button--danger"
                      onClick={() => deleteSelection(store)}
                    >
                      Delete
                    </button>
                  </div>
                </div>
              ) : connection ? (
                <ConnectionInspector connection={connection} />
              ) : (
                <DocumentInspector />
              )}
            </fieldset>
          </FormReadOnly.Provider>
        </RefusedField.Provider>
      </DocumentHistory.Provider>
    </section>
  )
}
