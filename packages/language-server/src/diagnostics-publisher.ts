// Publishing findings: each open document's when they changed (the project recomputes only the files whose inputs
// changed), with its test runs' results, and the finding of each closed file that could not be read.
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import { toLspDiagnostic, toPath, toUri } from './lsp-convert.ts'
import { type Findings, kindOfPath } from './project.ts'
import type { ServerContext } from './server-context.ts'

export interface DiagnosticsPublisherHost {
  /** An open test file's run results, sent with its findings. */
  runDiagnostics: (uri: string) => LspDiagnostic[]
  /** Told on each publish: what closed files show may have changed too. */
  changed: () => void
}

export function createDiagnosticsPublisher(ctx: ServerContext, host: DiagnosticsPublisherHost) {
  const { connection, documents } = ctx
  /** The findings last published per open document: kept findings (nothing they read changed) are not sent again. */
  const published = new Map<string, Findings>()
  /** The findings last published per closed file that could not be read (no editor shows it; the Problems view does). */
  const publishedUnreadable = new Map<string, Findings>()

  /** A closed unreadable file's finding, once per problem; cleared when it is read, deleted or opened. */
  const publishUnreadable = () => {
    const project = ctx.project()
    const now = new Map(project.unreadable().map((entry) => [toUri(entry.path), entry.path]))
    for (const uri of publishedUnreadable.keys()) {
      if (now.has(uri)) continue
      publishedUnreadable.delete(uri)
      // an open document's own publish (below) replaces it
      if (!documents.get(uri)) connection.sendDiagnostics({ uri, diagnostics: [] })
    }
    for (const [uri, file] of now) {
      const findings = project.findings(file)
      if (findings === undefined || publishedUnreadable.get(uri) === findings) continue
      connection.sendDiagnostics({
        uri,
        diagnostics: findings.diagnostics.map((d) => toLspDiagnostic(d, ctx.docsUrl, false)),
      })
      publishedUnreadable.set(uri, findings)
    }
  }

  /** Sends what changed since the last publish. */
  const publishChanged = () => {
    publishUnreadable()
    host.changed()
    // cross-file references: a change in one file can fix or break another open one; the project recomputes only
    // the files whose inputs changed (that file and those that read it), and only those are sent
    const project = ctx.project()
    for (const doc of documents.all()) {
      // one document's failure is logged and the others are still sent: a thrown error here stopped every later
      // document's publish, so a broken file opened after a bad one never showed a problem
      try {
        publishDocument(project, doc)
      } catch (error) {
        connection.console.error(`Diagnostics of ${String(doc.uri)} not sent: ${(error as Error).message}`)
      }
    }
  }

  const publishDocument = (project: ReturnType<ServerContext['project']>, doc: TextDocument) => {
    const file = toPath(doc.uri)
    if (!kindOfPath(file)) return
    const findings = project.findings(file)
    if (findings === undefined || published.get(doc.uri) === findings) return
    connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: [
        ...findings.diagnostics.map((d) => toLspDiagnostic(d, ctx.docsUrl, findings.entry.bom)),
        ...host.runDiagnostics(doc.uri),
      ],
    })
    published.set(doc.uri, findings)
  }

  return {
    publishChanged,
    /** `uri`'s next publish sends its findings even if they are the ones last sent (closed, or new run results). */
    forget: (uri: string) => {
      published.delete(uri)
    },
  }
}
