// Renaming a node id from the editor: prepareRename (what the cursor is on and its name) and rename (the edits in the
// strategy and its test files, each under its own URI).
import { type Range as LspRange, ResponseError } from 'vscode-languageserver/node'
import { renameNode, renameTarget } from './features.ts'
import { toLspRange, toUri } from './lsp-convert.ts'
import { positionParams, stringParam } from './request-params.ts'
import { cursorAt, type ServerContext } from './server-context.ts'

export function registerRenameRequests(ctx: ServerContext): void {
  const { connection } = ctx

  connection.onRequest('textDocument/prepareRename', (params: unknown) => {
    const { textDocument, position } = positionParams('textDocument/prepareRename', params)
    const where = cursorAt(ctx, textDocument.uri, position)
    const target = where && renameTarget(ctx.project(), where.file, where.offset)
    if (!where || !target) return null
    return {
      // offsets in the project's text: the editor's count the mark too
      range: {
        start: where.doc.positionAt(target.start + (where.bom ? 1 : 0)),
        end: where.doc.positionAt(target.end + (where.bom ? 1 : 0)),
      },
      placeholder: target.id,
    }
  })

  connection.onRequest('textDocument/rename', (params: unknown) => {
    const { textDocument, position } = positionParams('textDocument/rename', params)
    const newName = stringParam('textDocument/rename', params, 'newName')
    const where = cursorAt(ctx, textDocument.uri, position)
    if (!where) return null
    const project = ctx.project()
    const result = renameNode(project, where.file, where.offset, newName)
    if (typeof result === 'string') throw new ResponseError(-32803, result)
    // an empty WorkspaceEdit: the editor has nothing to apply (a rename to the same name)
    if (result.edits.length === 0) return { changes: {} }
    // the strategy and its test files, each under its own uri with its own byte order mark
    const changes: Record<string, Array<{ range: LspRange; newText: string }>> = {}
    for (const edit of result.edits) {
      const uri = edit.file === where.file ? textDocument.uri : toUri(edit.file)
      const bom = edit.file === where.file ? where.bom : project.get(edit.file)?.bom === true
      const list = changes[uri] ?? []
      list.push({ range: toLspRange(edit.range, bom), newText: edit.newText })
      changes[uri] = list
    }
    return { changes }
  })
}
