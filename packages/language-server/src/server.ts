// The LSP wiring: documents in, diagnostics out as the user types; hover, completion, definition, references, rename,
// document symbols, quick fixes of misspelt names, format; strategy tests run from code lenses (test-commands.ts).
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { walkFiles } from '@routewright/node-support/walk'
import {
  type Diagnostic,
  keepFileConventions,
  type NameFix,
  nameFixSpan,
  nameFixTitle,
  type OutlineEntry,
  type OutlineKind,
  type Range,
} from '@routewright/strategy-dsl'
import {
  type CancellationToken,
  type CodeAction,
  CodeActionKind,
  CompletionItemKind,
  type Connection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  type DocumentSymbol,
  ErrorCodes,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  type Range as LspRange,
  MarkupKind,
  ResponseError,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { editorRange, projectOffset } from './bom.ts'
import { createClosedTestDiagnostics } from './closed-test-diagnostics.ts'
import {
  DEFAULT_VALIDATION_DELAY_MS,
  type Timer,
  ValidationScheduler,
  validationDelayOf,
} from './debounce.ts'
import { readDiskText, unreadableNote } from './disk-text.ts'
import {
  completion,
  definition,
  format,
  highlights,
  hover,
  outline,
  renameNode,
  renameTarget,
} from './features.ts'
import { type Findings, kindOfPath, type ParseKind, Project } from './project.ts'
import { references } from './references.ts'
import {
  contextDiagnostics,
  documentParams,
  positionParams,
  runTestsArgument,
  stopTestsArgument,
  stringParam,
} from './request-params.ts'
import {
  createTestRuns,
  RUN_TESTS_COMMAND,
  type RunControl,
  STOP_TESTS_COMMAND,
  testBudgetOf,
} from './test-commands.ts'

export const SERVER_NAME = 'routewright'

/** The files whose changes on disk the server reads (the kinds kindOfPath knows). */
const WATCHED_FILES = [
  { globPattern: '**/*.{strategy,directory,test}.{yaml,yml,json}' },
  { globPattern: '**/alarms.yaml' },
]

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

/** A DSL range in the project's text -> LSP; `bom` when the editor's text starts with a mark the project dropped. */
function toLspRange(dslRange: Range, bom = false): LspRange {
  const range = editorRange(dslRange, bom)
  return {
    start: { line: range.start.line - 1, character: range.start.column - 1 },
    end: { line: range.end.line - 1, character: range.end.column - 1 },
  }
}

function toLspDiagnostic(
  d: Diagnostic,
  docsUrl: string,
  bom: boolean,
): import('vscode-languageserver/node').Diagnostic {
  const range = d.range
    ? toLspRange(d.range, bom)
    : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }
  return {
    range,
    severity:
      d.severity === 'error'
        ? DiagnosticSeverity.Error
        : d.severity === 'warning'
          ? DiagnosticSeverity.Warning
          : DiagnosticSeverity.Information,
    code: d.code,
    codeDescription: { href: docsUrl },
    source: SERVER_NAME,
    message: d.message,
    // the name meant comes back with the editor's code action request (a quick fix)
    ...(d.fix ? { data: { fix: d.fix } } : {}),
  }
}

/** The name fix a diagnostic sent back by the editor carries, when its data is one (the editor's data is checked). */
function fixOf(data: unknown): NameFix | undefined {
  const fix = (data as { fix?: { written?: unknown; meant?: unknown } } | null | undefined)?.fix
  const { written, meant } = fix ?? {}
  if (typeof written !== 'string' || typeof meant !== 'string') return undefined
  return written.length > 0 && written.length <= 1000 && meant.length <= 1000 ? { written, meant } : undefined
}

const toPath = (uri: string) => (uri.startsWith('file:') ? fileURLToPath(uri) : uri)
const toUri = (file: string) => pathToFileURL(file).href

export interface ServerOptions {
  /** Where diagnostic codes are documented (a link per code). */
  docsUrl: string
  version: string
  /**
   * Quiet time after a keystroke before validating (default 150 ms; a client may also send
   * `initializationOptions.validationDelayMs`). Opening and saving validate at once.
   */
  validationDelayMs?: number
  /** The timer behind the delay (tests pass a manual one). */
  timer?: Timer
  /** Told of every parse of a file (tests count them: one document and one tree per version of an open file). */
  onParse?: (file: string, kind: ParseKind) => void
}

/** Starts serving on `connection`; returns when it is wired (the connection then runs until shutdown/exit). */
export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument)
  const projectOptions = options.onParse ? { onParse: options.onParse } : {}
  let project = new Project(process.cwd(), projectOptions)
  /** The findings last published per open document: kept findings (nothing they read changed) are not sent again. */
  const published = new Map<string, Findings>()
  /** The version of each open document the project holds (it parses on open, so only when needed). */
  const synced = new Map<string, number>()

  const sync = (uri: string): void => {
    const doc = documents.get(uri)
    const file = toPath(uri)
    if (!doc || !kindOfPath(file) || synced.get(uri) === doc.version) return
    project.open(file, doc.getText())
    synced.set(uri, doc.version)
  }

  /** The findings last published per closed file that could not be read (no editor shows it; the Problems view does). */
  const publishedUnreadable = new Map<string, Findings>()

  /** A closed unreadable file's finding, once per problem; cleared when it is read, deleted or opened. */
  const publishUnreadable = () => {
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
        diagnostics: findings.diagnostics.map((d) => toLspDiagnostic(d, options.docsUrl, false)),
      })
      publishedUnreadable.set(uri, findings)
    }
  }

  const publishChanged = () => {
    publishUnreadable()
    closedTests.changed()
    // cross-file references: a change in one file can fix or break another open one; the project recomputes only
    // the files whose inputs changed (that file and those that read it), and only those are sent
    for (const doc of documents.all()) {
      const file = toPath(doc.uri)
      if (!kindOfPath(file)) continue
      const findings = project.findings(file)
      if (findings === undefined || published.get(doc.uri) === findings) continue
      connection.sendDiagnostics({
        uri: doc.uri,
        version: doc.version,
        diagnostics: [
          ...findings.diagnostics.map((d) => toLspDiagnostic(d, options.docsUrl, findings.entry.bom)),
          ...testRuns.diagnosticsFor(doc.uri),
        ],
      })
      published.set(doc.uri, findings)
    }
  }

  /** Whether the client can be asked to ask for code lenses again (a test run changed their titles). */
  let lensRefresh = false
  /** Whether the client shows progress the server starts (`window/workDoneProgress/create`, with a cancel button). */
  let progressSupport = false
  const testRuns = createTestRuns({
    project: () => project,
    sync,
    toPath,
    toUri,
    toLspRange,
    republish: (uri) => {
      published.delete(uri)
      // a test file no editor shows (a strategy's run): its failures alone, in the Problems view
      if (documents.get(uri)) publishChanged()
      else closedTests.publish(uri)
    },
    showMessage: (type, message) => void connection.sendNotification('window/showMessage', { type, message }),
    refreshLenses: () => {
      if (lensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined)
    },
    now: () => performance.now(),
    // between two cases: requests and typing that came in meanwhile are answered first
    pause: () => new Promise((resolve) => setImmediate(resolve)),
  })
  /** Closed test files' run results in the Problems view, checked again when their strategy or text changes. */
  const closedTests = createClosedTestDiagnostics({
    project: () => project,
    toPath,
    isOpen: (uri) => documents.get(uri) !== undefined,
    diagnosticsFor: (uri) => testRuns.diagnosticsFor(uri),
    send: (uri, diagnostics) => connection.sendDiagnostics({ uri, diagnostics }),
    delayMs: options.validationDelayMs ?? DEFAULT_VALIDATION_DELAY_MS,
    ...(options.timer ? { timer: options.timer } : {}),
  })

  const scheduler = new ValidationScheduler(
    (uri, version) => {
      // a validation of an older text than the editor's is stale: the newer one is scheduled or done
      if (documents.get(uri)?.version !== version) return
      sync(uri)
      publishChanged()
    },
    options.validationDelayMs ?? DEFAULT_VALIDATION_DELAY_MS,
    options.timer,
  )

  /** The files on disk under `folder` the project reads (an open buffer still wins over them). */
  const loadFolder = async (folder: string, maxDepth: number) => {
    const walked = await walkFiles(folder, { accept: (name) => kindOfPath(name) !== undefined, maxDepth })
    for (const file of walked.files.slice(0, 5000)) await readIntoProject(file)
    // a folder or FIFO named like a document: the bounded reader refuses it, and the log says what it is
    for (const entry of walked.notFiles.slice(0, 100)) await readIntoProject(entry)
  }
  /** A file on disk into the project; one that cannot be read is logged by name with the reason, and left out. */
  const readIntoProject = async (file: string) => {
    const read = await readDiskText(file)
    if (read.ok) project.setDisk(file, read.text)
    else {
      // its own finding says so in the editor's Problems view; the log is for the output channel
      project.setUnreadable(file, read.diagnostic)
      connection.console.warn(unreadableNote(path.relative(project.root, file) || file, read.problem))
    }
  }
  /** Whether the client lets the server ask for file events (VS Code, Neovim, Helix): it registers its own watchers. */
  let watchFiles = false
  /** The workspace folders the client named (several in a multi-root workspace); none when a single file was opened. */
  let workspaceFolders: string[] = []
  /** Whether the client tells of folders added to or removed from the workspace (VS Code does). */
  let folderEvents = false
  /** Folders of files opened outside the workspace (or with none), each read once. */
  const looseFolders = new Set<string>()
  /** Folders being read: their files validate when the read ends, not before (no findings of a half-read folder). */
  const reading = new Set<string>()

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    if (options.validationDelayMs === undefined) {
      const delay = validationDelayOf(params.initializationOptions)
      scheduler.setDelay(delay)
      closedTests.setDelay(delay)
    }
    testRuns.setBudget(testBudgetOf(params.initializationOptions))
    lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true
    progressSupport = params.capabilities.window?.workDoneProgress === true
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true
    folderEvents = params.capabilities.workspace?.workspaceFolders === true
    const rootUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined
    if (rootUri) {
      // every folder of a multi-root workspace: only the first was read, so the others' directories, subroutines and
      // test files were unknown until a file of that very folder was opened
      workspaceFolders = (params.workspaceFolders ?? [{ uri: rootUri }])
        .filter((folder) => folder.uri.startsWith('file:'))
        .map((folder) => toPath(folder.uri))
        .slice(0, 50)
      project = new Project(workspaceFolders[0] ?? toPath(rootUri), projectOptions)
      project.setFolders(workspaceFolders)
      for (const folder of workspaceFolders) await loadFolder(folder, 12)
    } else {
      // no workspace: walking the server's working folder (often / or the home folder) took minutes and mixed in
      // unrelated files; the folder of each file opened is read instead
      project = new Project(process.cwd(), projectOptions)
    }
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
          save: { includeText: false },
        },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', ':', '.', '"', "'"] },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentFormattingProvider: true,
        documentSymbolProvider: { label: 'Routewright' },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [RUN_TESTS_COMMAND, STOP_TESTS_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME, version: options.version },
    }
  })

  /** A file outside the workspace read at start: its directory and subroutines beside it are not known yet. */
  const outsideWorkspace = (folder: string): boolean => {
    return workspaceFolders.every((root) => {
      const relative = path.relative(root, folder)
      return relative.startsWith('..') || path.isAbsolute(relative)
    })
  }

  // typing validates once the keystrokes pause; opening and saving at once
  documents.onDidChangeContent(({ document }) => {
    const file = toPath(document.uri)
    if (kindOfPath(file) && !reading.has(path.dirname(file)))
      scheduler.changed(document.uri, document.version)
  })
  documents.onDidOpen(({ document }) => {
    const file = toPath(document.uri)
    if (!kindOfPath(file)) return
    closedTests.opened(document.uri)
    const folder = path.dirname(file)
    if (!outsideWorkspace(folder) || looseFolders.has(folder) || !document.uri.startsWith('file:')) {
      scheduler.now(document.uri, document.version)
      return
    }
    looseFolders.add(folder)
    reading.add(folder)
    // its directory and subroutines beside it resolve once read; then every open file of the folder validates
    void loadFolder(folder, 0)
      .catch(() => undefined)
      .then(() => {
        reading.delete(folder)
        for (const doc of documents.all())
          if (path.dirname(toPath(doc.uri)) === folder && kindOfPath(toPath(doc.uri)))
            scheduler.now(doc.uri, doc.version)
      })
  })
  documents.onDidSave(({ document }) => {
    if (kindOfPath(toPath(document.uri))) scheduler.now(document.uri, document.version)
  })
  documents.onDidClose(({ document }) => {
    scheduler.forget(document.uri)
    synced.delete(document.uri)
    published.delete(document.uri)
    const file = toPath(document.uri)
    project.close(file)
    // a test file's last results stay for the session: the Problems view keeps its failures, reopening shows them
    closedTests.publish(document.uri)
    // the editor may have saved it readable (as UTF-8) with no file event to say so: read it again before its
    // old problem is shown
    if (project.get(file)?.unreadable) void readIntoProject(file).then(publishChanged, publishChanged)
    else publishChanged()
  })
  connection.onInitialized(() => {
    // the workspace files read at start that could not be read: their findings need no open document
    publishChanged()
    // without file events a directory changed on disk (a git checkout) left stale findings in the open strategies
    if (folderEvents)
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        const paths = (folders: typeof added) =>
          folders.filter((folder) => folder.uri.startsWith('file:')).map((folder) => toPath(folder.uri))
        void changeFolders(paths(added), paths(removed)).catch(() => undefined)
      })
    if (watchFiles)
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES })
        .catch(() => undefined)
  })
  /** A folder added to the workspace is read like one named at start; a removed one's closed files are forgotten. */
  const changeFolders = async (added: string[], removed: string[]) => {
    workspaceFolders = [...workspaceFolders.filter((folder) => !removed.includes(folder)), ...added].slice(
      0,
      50,
    )
    project.setFolders(workspaceFolders)
    for (const file of project.all().map((entry) => entry.path))
      if (outsideWorkspace(path.dirname(file)) && !looseFolders.has(path.dirname(file)))
        project.setDisk(file, undefined)
    for (const folder of added) await loadFolder(folder, 12)
    publishChanged()
  }
  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    for (const change of changes) {
      const file = toPath(change.uri)
      if (!kindOfPath(file)) continue
      // a deleted file is no problem to report
      if (change.type === FileChangeType.Deleted) project.setDisk(file, undefined)
      else await readIntoProject(file)
    }
    publishChanged()
  })

  // requests go through onRequest with the params as sent: onHover and the like read params.workDoneToken first,
  // so `params: null` failed inside the library before the checks in request-params.ts could answer
  // requests answer on the text as typed, even while its validation waits
  const at = (uri: string, position: { line: number; character: number }) => {
    sync(uri)
    const doc = documents.get(uri)
    if (!doc) return undefined
    const file = toPath(uri)
    const bom = project.get(file)?.bom === true
    return { file, offset: projectOffset(doc.offsetAt(position), bom), bom, doc }
  }

  connection.onRequest('textDocument/hover', (params: unknown) => {
    const { textDocument, position } = positionParams('textDocument/hover', params)
    const where = at(textDocument.uri, position)
    const text = where && hover(project, where.file, where.offset)
    // on a failed case's name: its last run's whole message (expected vs actual line by line)
    const run = where && testRuns.hoverAt(textDocument.uri, position)
    const value = [run, text].filter(Boolean).join('\n\n---\n\n')
    return value ? { contents: { kind: MarkupKind.Markdown, value } } : null
  })

  connection.onRequest('textDocument/completion', (params: unknown) => {
    const { textDocument, position } = positionParams('textDocument/completion', params)
    const where = at(textDocument.uri, position)
    if (!where) return []
    const kinds = {
      node: CompletionItemKind.Reference,
      kind: CompletionItemKind.Class,
      statistic: CompletionItemKind.Function,
      directory: CompletionItemKind.Value,
      strategy: CompletionItemKind.Module,
      field: CompletionItemKind.Property,
      value: CompletionItemKind.EnumMember,
    } as const
    return completion(project, where.file, where.offset).map((item) => ({
      label: item.label,
      kind: kinds[item.kind],
      detail: item.detail,
      ...(item.insertText === undefined ? {} : { insertText: item.insertText }),
      ...(item.suggest ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
    }))
  })

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
    sync(textDocument.uri)
    const file = toPath(textDocument.uri)
    const bom = project.get(file)?.bom === true
    const symbol = (entry: OutlineEntry): DocumentSymbol => ({
      name: entry.name,
      ...(entry.detail ? { detail: entry.detail } : {}),
      kind: SYMBOL_KINDS[entry.kind],
      range: toLspRange(entry.range, bom),
      selectionRange: toLspRange(entry.selectionRange, bom),
      ...(entry.children ? { children: entry.children.map(symbol) } : {}),
    })
    return outline(project, file).map(symbol)
  })

  connection.onRequest('textDocument/definition', (params: unknown) => {
    const { textDocument, position } = positionParams('textDocument/definition', params)
    const where = at(textDocument.uri, position)
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
    const where = at(textDocument.uri, position)
    if (!where) return null
    return references(project, where.file, where.offset, includeDeclaration).map((found) => ({
      uri: toUri(found.file),
      range: toLspRange(found.range, project.get(found.file)?.bom === true),
    }))
  })

  // the node id under the cursor in this file (DocumentHighlightKind.Text: VS Code marks each occurrence)
  connection.onRequest('textDocument/documentHighlight', (params: unknown) => {
    const { textDocument, position } = positionParams('textDocument/documentHighlight', params)
    const where = at(textDocument.uri, position)
    if (!where) return null
    const bom = project.get(where.file)?.bom === true
    return highlights(project, where.file, where.offset).map((range) => ({
      range: toLspRange(range, bom),
      kind: 1,
    }))
  })

  connection.onRequest('textDocument/prepareRename', (params: unknown) => {
    const { textDocument, position } = positionParams('textDocument/prepareRename', params)
    const where = at(textDocument.uri, position)
    const target = where && renameTarget(project, where.file, where.offset)
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
    const where = at(textDocument.uri, position)
    if (!where) return null
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

  connection.onRequest('textDocument/formatting', (params: unknown) => {
    const { textDocument } = documentParams('textDocument/formatting', params)
    sync(textDocument.uri)
    const doc = documents.get(textDocument.uri)
    if (!doc) return []
    const file = toPath(textDocument.uri)
    const canonical = format(project, file)
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

  // "Run all N tests" above a test file's `tests:`, "Run test" (then its last result) above each scenario, and
  // "Run N tests of this strategy" above a strategy's `strategy:`
  connection.onRequest('textDocument/codeLens', (params: unknown) => {
    const { textDocument } = documentParams('textDocument/codeLens', params)
    return testRuns.codeLenses(textDocument.uri)
  })

  connection.onRequest(
    'workspace/executeCommand',
    async (params: unknown, token?: CancellationToken): Promise<unknown> => {
      const command = (params as { command?: unknown } | null)?.command
      if (command === STOP_TESTS_COMMAND) {
        const { uri } = stopTestsArgument('workspace/executeCommand', params)
        return testRuns.stop(uri)
      }
      if (command !== RUN_TESTS_COMMAND)
        throw new ResponseError(
          ErrorCodes.InvalidParams,
          `workspace/executeCommand: params.command must be "${RUN_TESTS_COMMAND}" or "${STOP_TESTS_COMMAND}" (got ${JSON.stringify(command)?.slice(0, 60)})`,
        )
      const { uri, caseName } = runTestsArgument('workspace/executeCommand', params)
      // stopped by $/cancelRequest of this request, or by the cancel button of the progress the server shows
      const stop = new AbortController()
      token?.onCancellationRequested(() => stop.abort())
      const progress = await runProgress(params)
      progress.token?.onCancellationRequested(() => stop.abort())
      progress.reporter.begin('Routewright tests', 0, path.basename(toPath(uri)), true)
      const control: RunControl = {
        signal: stop.signal,
        progress: (message, percentage) => progress.reporter.report(percentage, message),
      }
      try {
        return await testRuns.run(uri, caseName, control)
      } finally {
        progress.reporter.done()
      }
    },
  )

  /** The run's progress: on the client's token when it sent one, else one the server starts (cancellable). */
  const runProgress = async (
    params: unknown,
  ): Promise<{ reporter: WorkDoneProgressReporter; token?: CancellationToken }> => {
    const workDoneToken = (params as { workDoneToken?: unknown }).workDoneToken
    if (typeof workDoneToken === 'string' || typeof workDoneToken === 'number')
      return { reporter: connection.window.attachWorkDoneProgress(workDoneToken) }
    if (!progressSupport) return { reporter: connection.window.attachWorkDoneProgress(undefined) }
    try {
      const reporter = await connection.window.createWorkDoneProgress()
      return { reporter, token: reporter.token }
    } catch {
      return { reporter: connection.window.attachWorkDoneProgress(undefined) }
    }
  }

  connection.onShutdown(() => {
    scheduler.dispose()
    closedTests.dispose()
  })
  documents.listen(connection)
  connection.listen()
}
