// The requests about a whole open document: its outline (document symbols), formatting, and the quick fix of a
// misspelt name a diagnostic carries.
import {
  keepFileConventions,
  nameFixSpan,
  nameFixTitle,
  type OutlineEntry,
  type OutlineKind,
} from '@routewright/strategy-dsl'
import { type CodeAction, CodeActionKind, type DocumentSymbol, SymbolKind } from 'vscode-languageserver/node'
import { capOutline } from './answer-caps.ts'
import { format, outline } from './features.ts'
import { fixOf, SERVER_NAME, toLspRange, toPath } from './lsp-convert.ts'
import { contextDiagnostics, documentParams } from './request-params.ts'
import type { ServerContext } from './server-context.ts'

/** The icon an editor shows beside each outline entry. */
const SYMBOL_KINDS: Record<OutlineKind, SymbolKind> = {
  section: SymbolKind.Namespace,
  node: SymbolKind.Function,
  input: SymbolKind.Field,
  output: SymbolKind.Property,
  variable: SymbolKind.Variable,
  entry: SymbolKind.Object,
  scenario: SymbolKind.Event,
}

export function registerDocumentRequests(ctx: ServerContext): void {
  const { connection, documents } = ctx

  // a misspelt name's quick fix: the name meant, written where the finding points, if the text there still has it
  connection.onRequest('textDocument/codeAction', (params: unknown) => {
    const { textDocument } = documentParams('textDocument/codeAction', params)
    const diagnostics = contextDiagnostics('textDocument/codeAction', params)
    const doc = documents.get(textDocument.uri)
    if (!doc) return []
    const text = doc.getText()
    return diagnostics.flatMap((d): CodeAction[] => {
      const fix = d.source === SERVER_NAME ? fixOf(d.data) : undefined
      const span = fix && nameFixSpan(text, doc.offsetAt(d.range.start), doc.offsetAt(d.range.end), fix)
      if (!fix || !span) return []
      const range = { start: doc.positionAt(span.start), end: doc.positionAt(span.end) }
      return [
        {
          title: nameFixTitle(fix),
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: true,
          edit: { changes: { [textDocument.uri]: [{ range, newText: fix.meant }] } },
        },
      ]
    })
  })

  connection.onRequest('textDocument/documentSymbol', (params: unknown) => {
    const { textDocument } = documentParams('textDocument/documentSymbol', params)
    ctx.sync(textDocument.uri)
    const file = toPath(textDocument.uri)
    const project = ctx.project()
    const bom = project.get(file)?.bom === true
    const symbol = (entry: OutlineEntry): DocumentSymbol => ({
      name: entry.name,
      ...(entry.detail ? { detail: entry.detail } : {}),
      kind: SYMBOL_KINDS[entry.kind],
      range: toLspRange(entry.range, bom),
      selectionRange: toLspRange(entry.selectionRange, bom),
      ...(entry.children ? { children: entry.children.map(symbol) } : {}),
    })
    return capOutline(outline(project, file)).map(symbol)
  })

  connection.onRequest('textDocument/formatting', (params: unknown) => {
    const { textDocument } = documentParams('textDocument/formatting', params)
    ctx.sync(textDocument.uri)
    const doc = documents.get(textDocument.uri)
    if (!doc) return []
    const file = toPath(textDocument.uri)
    const canonical = format(ctx.project(), file)
    // a whole-document edit keeps the editor's byte order mark and line ends: the DSL's one rule for every writer
    const formatted = canonical === undefined ? undefined : keepFileConventions(doc.getText(), canonical)
    if (formatted === undefined || formatted === doc.getText()) return []
    return [
      {
        range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) },
        newText: formatted,
      },
    ]
  })
}
