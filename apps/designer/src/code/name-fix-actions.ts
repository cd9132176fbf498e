// The code view's quick fixes (the light bulb, Ctrl+.): a misspelt name's fix, written where its marker points.
import type { Diagnostic } from '@routewright/strategy-dsl'
import type { IDisposable, languages, editor as MonacoEditorNs } from 'monaco-editor'
import { nameFixesAt } from '../core/quick-fixes.ts'
import { MARKER_SOURCE } from './markers.ts'
import type { Monaco } from './monaco-setup.ts'

/** Offers the name fixes of the findings marked where the editor asks, on `model` only; returns the unregister. */
export function registerNameFixActions(
  monaco: Monaco,
  model: MonacoEditorNs.ITextModel,
  diagnostics: () => readonly Diagnostic[],
): IDisposable {
  return monaco.languages.registerCodeActionProvider('yaml', {
    provideCodeActions(asked, _range, context): languages.CodeActionList {
      const ours = asked === model ? context.markers.filter((m) => m.source === MARKER_SOURCE) : []
      const marks = ours.map((m) => ({
        code: typeof m.code === 'string' ? m.code : (m.code?.value ?? ''),
        line: m.startLineNumber,
        column: m.startColumn,
      }))
      const fixes = marks.length === 0 ? [] : nameFixesAt(diagnostics(), model.getValue(), marks)
      const actions = fixes.map((fix): languages.CodeAction => {
        const start = model.getPositionAt(fix.start)
        const end = model.getPositionAt(fix.end)
        const range = new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column)
        return {
          title: fix.label,
          kind: 'quickfix',
          isPreferred: true,
          diagnostics: ours.filter((m) => m.startLineNumber === start.lineNumber),
          edit: {
            edits: [
              { resource: model.uri, textEdit: { range, text: fix.meant }, versionId: model.getVersionId() },
            ],
          },
        }
      })
      return { actions, dispose: () => {} }
    },
  })
}
