// The requests that read the cursor's place: hover, completion, go to definition, find all references and
// document highlight.
import {
  type CompletionItem,
  CompletionItemKind,
  type CompletionList,
  MarkupKind,
} from 'vscode-languageserver/node'
import { capCompletion, MAX_HIGHLIGHTS, MAX_REFERENCES } from './answer-caps.ts'
import { completion, definition, highlights, hover } from './features.ts'
import { toLspRange, toUri } from './lsp-convert.ts'
import { references } from './references.ts'
import { positionParams } from './request-params.ts'
import { cursorAt, type ServerContext } from './server-context.ts'
import type { TestRuns } from './test-commands.ts'

/** The editor's icon per kind of completion. */
const COMPLETION_KINDS = {
  node: CompletionItemKind.Reference,
  kind: CompletionItemKind.Class,
  statistic: CompletionItemKind.Function,
  directory: CompletionItemKind.Value,
  strategy: CompletionItemKind.Module,
  field: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
} as const

// requests go through onRequest with the params as sent: onHover and the like read params.workDoneToken first,
// so `params: null` failed inside the library before the checks in request-params.ts could answer
export function registerNavigationRequests(ctx: ServerContext, testRuns: TestRuns): void {
  const { connection } = ctx

  connection.onRequest('textDocument/hover', (params: unknown) => {
    const { textDocument, position } = positionParams('textDocument/hover', params)
    const where = cursorAt(ctx, textDocument.uri, position)
    const text = where && hover(ctx.project(), where.file, where.offset)
    // on a failed case's name: its last run's whole message (expected vs actual line by line)
    const run = where && testRuns.hoverAt(textDocument.uri, position)
    const value = [run, text].filter(Boolean).join('\n\n---\n\n')
    return value ? { contents: { kind: MarkupKind.Markdown, value } } : null
  })

  connection.onRequest<CompletionItem[] | CompletionList, unknown>(
    'textDocument/completion',
    (params: unknown) => {
      const { textDocument, position } = positionParams('textDocument/completion', params)
      const where = cursorAt(ctx, textDocument.uri, position)
      if (!where) return []
      const project = ctx.project()
      const all = completion(project, where.file, where.offset)
      const { items, cut } = capCompletion(all, project.get(where.file)?.text ?? '', where.offset)
      const answer = items.map(
        (item): CompletionItem => ({
          label: item.label,
          kind: COMPLETION_KINDS[item.kind],
          detail: item.detail,
          ...(item.insertText === undefined ? {} : { insertText: item.insertText }),
          ...(item.suggest ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
        }),
      )
      // a cut list is marked incomplete: the editor asks again as the user types instead of filtering a partial list
      return cut ? { isIncomplete: true, items: answer } : answer
    },
  )

  connection.onRequest('textDocument/definition', (params: unknown) => {
    const { textDocument, position } = positionParams('textDocument/definition', params)
    const where = cursorAt(ctx, textDocument.uri, position)
    const project = ctx.project()
    const found = where && definition(project, where.file, where.offset)
    return found
      ? { uri: toUri(found.file), range: toLspRange(found.range, project.get(found.file)?.bom === true) }
      : null
  })

  connection.onRequest('textDocument/references', (params: unknown) => {
    const { textDocument, position } = positionParams('textDocument/references', params)
    // includeDeclaration is the one field of the context read: absent or not true means the uses only
    const includeDeclaration =
      (params as { context?: { includeDeclaration?: unknown } | null }).context?.includeDeclaration === true
    const where = cursorAt(ctx, textDocument.uri, position)
    if (!where) return null
    const project = ctx.project()
    const uses = references(project, where.file, where.offset, includeDeclaration)
    return uses.slice(0, MAX_REFERENCES).map((found) => ({
      uri: toUri(found.file),
      range: toLspRange(found.range, project.get(found.file)?.bom === true),
    }))
  })

  // the node id under the cursor in this file (DocumentHighlightKind.Text: VS Code marks each occurrence)
  connection.onRequest('textDocument/documentHighlight', (params: unknown) => {
    const { textDocument, position } = positionParams('textDocument/documentHighlight', params)
    const where = cursorAt(ctx, textDocument.uri, position)
    if (!where) return null
    return highlights(ctx.project(), where.file, where.offset)
      .slice(0, MAX_HIGHLIGHTS)
      .map((range) => ({
        range: toLspRange(range, where.bom),
        kind: 1,
      }))
  })
}
