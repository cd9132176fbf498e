// Adapts a real Monaco editor to the synchroniser's SyncEditor.
import type { editor as MonacoEditorNs } from 'monaco-editor'
import type { MarkerData } from './markers.ts'
import type { Monaco } from './monaco-setup.ts'
import type { RevealRange, SyncEditor } from './synchroniser.ts'

export const MARKER_OWNER = 'routewright'

export function monacoSyncEditor(monaco: Monaco, editor: MonacoEditorNs.IStandaloneCodeEditor): SyncEditor {
  const model = () => {
    const m = editor.getModel()
    if (!m) throw new Error('The code view has no model')
    return m
  }
  const severity = {
    error: monaco.MarkerSeverity.Error,
    warning: monaco.MarkerSeverity.Warning,
    info: monaco.MarkerSeverity.Info,
  } as const
  return {
    getValue: () => model().getValue(),
    applyEdits(edits) {
      const m = model()
      // every range in the batch is read against the text before the batch, as executeEdits expects
      const operations = edits.map((edit) => {
        const start = m.getPositionAt(edit.start)
        const end = m.getPositionAt(edit.end)
        const range = new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column)
        return { range, text: edit.text, forceMoveMarkers: false }
      })
      // undo stops around the change make a canvas edit one step in Monaco's own undo
      editor.pushUndoStop()
      editor.executeEdits('routewright-canvas', operations)
      editor.pushUndoStop()
    },
    onDidChangeContent: (listener) => model().onDidChangeContent(listener),
    setMarkers(markers: MarkerData[]) {
      monaco.editor.setModelMarkers(
        model(),
        MARKER_OWNER,
        markers.map((m) => ({ ...m, severity: severity[m.severity] })),
      )
    },
    reveal(range: RevealRange) {
      const m = model()
      const line = Math.min(Math.max(range.line, 1), m.getLineCount())
      const endLine = Math.min(range.endLine ?? line, m.getLineCount())
      const endColumn = range.endColumn ?? m.getLineMaxColumn(endLine)
      editor.setSelection(new monaco.Range(line, Math.max(range.column, 1), endLine, endColumn))
      editor.revealLineInCenter(line)
    },
  }
}
