// The code view: the open document as YAML in Monaco, kept in step with the store by the synchroniser.
// Loaded lazily (see LazyCodeView.tsx): importing this module pulls in Monaco.
// test ids: code-view (container), code-view-editor (Monaco host), code-view-status (parse state and counts)
import type { editor as MonacoEditorNs } from 'monaco-editor'
import { useEffect, useRef } from 'react'
import { TEST_HOOKS } from '../core/test-hooks.ts'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { codeStatusText } from './code-status.ts'
import { modelUri, setupMonaco } from './monaco-setup.ts'
import { monacoSyncEditor } from './monaco-sync-editor.ts'
import { registerNameFixActions } from './name-fix-actions.ts'
import { registerPendingEdits } from './pending-edits.ts'
import { createCodeSynchroniser } from './synchroniser.ts'

export default function CodeView() {
  const store = useEditorStore()
  const host = useRef<HTMLDivElement>(null)
  const file = useEditor((s) => s.file)
  const editorRef = useRef<MonacoEditorNs.IStandaloneCodeEditor | null>(null)

  // one editor for the lifetime of the view
  useEffect(() => {
    const monaco = setupMonaco()
    if (!host.current) return
    const editor = monaco.editor.create(host.current, {
      model: null,
      theme: 'routewright',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      renderWhitespace: 'boundary',
      quickSuggestions: { other: true, comments: false, strings: true },
      fixedOverflowWidgets: true,
      // Tab moves focus out of the editor, so keyboard users are never trapped; Ctrl+M toggles Tab to indent
      tabFocusMode: true,
      ariaLabel: 'YAML text of the open file. Tab leaves the editor; Ctrl+M makes Tab indent.',
    })
    editorRef.current = editor
    // exposed like the store (main.tsx) to end-to-end tests, in test builds only
    if (TEST_HOOKS) (globalThis as { __rwCodeEditor?: unknown }).__rwCodeEditor = editor
    return () => {
      editorRef.current = null
      if (TEST_HOOKS) (globalThis as { __rwCodeEditor?: unknown }).__rwCodeEditor = undefined
      editor.getModel()?.dispose()
      editor.dispose()
    }
  }, [])

  // one model per open file: its own undo stack, and a URI whose suffix selects the JSON Schema
  useEffect(() => {
    const monaco = setupMonaco()
    const editor = editorRef.current
    if (!editor) return
    const uri = modelUri(file)
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(store.getState().text, 'yaml', uri)
    if (model.getValue() !== store.getState().text) model.setValue(store.getState().text)
    const previous = editor.getModel()
    editor.setModel(model)
    if (previous && previous !== model) previous.dispose()
    const sync = createCodeSynchroniser({
      editor: monacoSyncEditor(monaco, editor),
      onTextChange: (text) => store.setText(text, { coalesce: 'code' }),
    })
    const show = () => {
      const s = store.getState()
      sync.update({ text: s.text, diagnostics: s.diagnostics, reveal: s.reveal })
    }
    show()
    const unsubscribe = store.subscribe(show)
    const unregister = registerPendingEdits(store, () => sync.flush())
    const blur = editor.onDidBlurEditorText(() => sync.flush())
    const nameFixes = registerNameFixActions(monaco, model, () => store.getState().diagnostics)
    const saveAction = editor.addAction({
      id: 'routewright.save',
      label: 'Save',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS],
      run: () => void store.save(),
    })
    return () => {
      blur.dispose()
      nameFixes.dispose()
      saveAction.dispose()
      unregister()
      unsubscribe()
      sync.flush()
      sync.destroy()
    }
  }, [file, store])

  return (
    <section className="rw-code-view" data-testid="code-view" aria-label="Code view">
      <CodeStatus />
      {/* nokey: React Flow swallows Space/Delete unless the focused element sits inside .nokey (Monaco's
          EditContext input is a plain div, not a textarea) */}
      <div className="rw-code-view__editor nokey" data-testid="code-view-editor" ref={host} />
    </section>
  )
}

function CodeStatus() {
  const file = useEditor((s) => s.file)
  const inSync = useEditor((s) => s.inSync)
  const diagnostics = useEditor((s) => s.diagnostics)
  const text = useEditor((s) => s.text)
  const status = codeStatusText({ file, inSync, text, diagnostics })
  return (
    <div
      className="rw-code-view__status"
      data-testid="code-view-status"
      data-state={status.broken ? 'broken' : 'ok'}
    >
      <span className="rw-code-view__file">{file ?? 'untitled'}</span>
      <span className={status.broken ? 'rw-code-view__broken' : undefined}>{status.text}</span>
    </div>
  )
}
