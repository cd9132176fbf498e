// A small Monaco editor for one CEL expression: highlighting, completion and live type errors as markers.
import { useEffect, useRef } from 'react'
import { setupMonaco } from '../code/monaco-setup.ts'
import { CEL_LANGUAGE, type CelScope, celScopes, checkCel, registerCel } from './cel-language.ts'

const monaco = setupMonaco()
registerCel(monaco)
let counter = 0

export default function CelEditor({
  name,
  value,
  onChange,
  scope,
}: {
  name: string
  value: string
  onChange: (value: string) => void
  scope: () => CelScope | undefined
}) {
  const host = useRef<HTMLDivElement>(null)
  const editorRef = useRef<ReturnType<typeof monaco.editor.create> | undefined>(undefined)
  const latest = useRef({ onChange, scope })
  latest.current = { onChange, scope }

  // the editor is created once per mount; value changes from elsewhere are applied by the next effect
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once per mount
  useEffect(() => {
    if (!host.current) return
    counter += 1
    const uri = monaco.Uri.parse(`inmemory://cel/${counter}-${name}.cel`)
    const model = monaco.editor.createModel(value, CEL_LANGUAGE, uri)
    const key = uri.toString()
    celScopes.set(key, () => latest.current.scope())
    const editor = monaco.editor.create(host.current, {
      model,
      theme: 'routewright',
      minimap: { enabled: false },
      lineNumbers: 'off',
      glyphMargin: false,
      folding: false,
      lineDecorationsWidth: 4,
      lineNumbersMinChars: 0,
      overviewRulerLanes: 0,
      hideCursorInOverviewRuler: true,
      renderLineHighlight: 'none',
      scrollBeyondLastLine: false,
      wordWrap: 'on',
      fontSize: 12,
      automaticLayout: true,
      autoClosingBrackets: 'never',
      autoClosingQuotes: 'never',
      scrollbar: { vertical: 'hidden', horizontal: 'hidden', alwaysConsumeMouseWheel: false },
      fixedOverflowWidgets: true,
      suggest: { showWords: false },
      tabFocusMode: true,
      ariaLabel: `${name}: CEL expression`,
    })
    editorRef.current = editor
    // grows with its text (long conditions wrap onto up to eight lines) instead of cutting it to one line
    const host_ = host.current
    const fit = () => {
      const height = Math.min(Math.max(editor.getContentHeight(), 20), 8 * 18)
      if (host_.style.height !== `${height + 6}px`) {
        host_.style.height = `${height + 6}px`
        editor.layout()
      }
    }
    const sizeSub = editor.onDidContentSizeChange(fit)
    fit()
    const mark = () => {
      const scope = latest.current.scope()
      const findings = scope ? checkCel(model.getValue(), scope) : []
      monaco.editor.setModelMarkers(
        model,
        'cel',
        findings.map((f) => {
          const start = model.getPositionAt(f.start)
          const end = model.getPositionAt(Math.max(f.end, f.start + 1))
          return {
            severity: f.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
            message: `${f.code} ${f.message}`,
            startLineNumber: start.lineNumber,
            startColumn: start.column,
            endLineNumber: end.lineNumber,
            endColumn: end.column,
          }
        }),
      )
    }
    mark()
    const sub = model.onDidChangeContent(() => {
      mark()
      latest.current.onChange(model.getValue())
    })
    return () => {
      sub.dispose()
      sizeSub.dispose()
      celScopes.delete(key)
      editor.dispose()
      model.dispose()
    }
  }, [])

  useEffect(() => {
    const editor = editorRef.current
    const model = editor?.getModel()
    // the YAML text drops trailing spaces; taking that back while the user types would eat every space
    if (!editor || !model || model.getValue().trim() === value.trim() || editor.hasTextFocus()) return
    model.setValue(value)
  }, [value])

  return <div ref={host} className="rw-cel-editor" data-testid={`field-${name}`} data-monaco="true" />
}
