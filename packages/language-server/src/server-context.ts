// What the request handlers share with the wiring in server.ts: the connection, the open documents, the project
// (replaced at initialize, so read through a getter), the sync of an open buffer into it, and the cursor's place.
import type { Connection, TextDocuments } from 'vscode-languageserver/node'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import { projectOffset } from './bom.ts'
import { toPath } from './lsp-convert.ts'
import type { Project } from './project.ts'

export interface ServerContext {
  connection: Connection
  documents: TextDocuments<TextDocument>
  project: () => Project
  /** Brings an open buffer's latest text into the project (parsed once per version). */
  sync: (uri: string) => void
  docsUrl: string
}

/** Where a request's position is in the project's text of an open document (undefined: not open). */
export interface Cursor {
  file: string
  /** The offset in the project's text (a byte order mark the editor counts is not in it). */
  offset: number
  bom: boolean
  doc: TextDocument
}

// requests answer on the text as typed, even while its validation waits
export function cursorAt(
  ctx: ServerContext,
  uri: string,
  position: { line: number; character: number },
): Cursor | undefined {
  ctx.sync(uri)
  const doc = ctx.documents.get(uri)
  if (!doc) return undefined
  const file = toPath(uri)
  const bom = ctx.project().get(file)?.bom === true
  return { file, offset: projectOffset(doc.offsetAt(position), bom), bom, doc }
}
