// The LSP wiring: documents in, diagnostics out as the user types (diagnostics-publisher.ts), the workspace's files
// (workspace-files.ts), and the request families each in its module: navigation (hover, completion, definition,
// references, highlight), rename, whole-document requests (outline, format, quick fixes) and strategy tests run from
// code lenses (test-command-requests.ts, test-commands.ts).
import {
  CodeActionKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { createClosedTestDiagnostics } from './closed-test-diagnostics.ts'
import {
  DEFAULT_VALIDATION_DELAY_MS,
  type Timer,
  ValidationScheduler,
  validationDelayOf,
} from './debounce.ts'
import { createDiagnosticsPublisher } from './diagnostics-publisher.ts'
import { checkedDocumentEvents } from './document-notifications.ts'
import { registerDocumentRequests } from './document-requests.ts'
import { localPath, SERVER_NAME, toLspRange, toPath, toUri } from './lsp-convert.ts'
import { registerNavigationRequests } from './navigation-requests.ts'
import { kindOfPath, type ParseKind, Project } from './project.ts'
import { registerRenameRequests } from './rename-requests.ts'
import type { ServerContext } from './server-context.ts'
import { registerTestCommandRequests } from './test-command-requests.ts'
import { createTestRuns, RUN_TESTS_COMMAND, STOP_TESTS_COMMAND, testBudgetOf } from './test-commands.ts'
import { testRunWorkerScript } from './test-run-thread.ts'
import { createWorkspaceFiles } from './workspace-files.ts'

export { SERVER_NAME } from './lsp-convert.ts'

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
  /**
   * The worker script test runs start (default: the built test-run-worker.js beside the bundle or in dist/; none
   * found, the cases run on the server's thread). Tests pass one that fails, or `false`: none, as when none is found.
   */
  testWorkerScript?: string | false
  /** The clock a test run's budget is read from (default `performance.now`; tests pass one they move). */
  testClock?: () => number
  /**
   * Keep one test-run worker ready from the first open document (default true), so the first run does not wait for
   * a thread to start. The in-process tests, many servers in one process that seldom run tests, pass false.
   */
  testWorkerReady?: boolean
}

/** Starts serving on `connection`; returns when it is wired (the connection then runs until shutdown/exit). */
export function startServer(connection: Connection, options: ServerOptions): void {
  const workerScript =
    options.testWorkerScript === false ? undefined : (options.testWorkerScript ?? testRunWorkerScript())
  const documents = new TextDocuments(TextDocument)
  const projectOptions = options.onParse ? { onParse: options.onParse } : {}
  let project = new Project(process.cwd(), projectOptions)
  /** The version of each open document the project holds (it parses on open, so only when needed). */
  const synced = new Map<string, number>()

  const sync = (uri: string): void => {
    const doc = documents.get(uri)
    const file = toPath(uri)
    if (!doc || !kindOfPath(file) || synced.get(uri) === doc.version) return
    project.open(file, doc.getText())
    synced.set(uri, doc.version)
  }
  const ctx: ServerContext = { connection, documents, project: () => project, sync, docsUrl: options.docsUrl }

  const diagnostics = createDiagnosticsPublisher(ctx, {
    runDiagnostics: (uri) => testRuns.diagnosticsFor(uri),
    changed: () => closedTests.changed(),
  })
  const publishChanged = diagnostics.publishChanged

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
      diagnostics.forget(uri)
      // a test file no editor shows (a strategy's run): its failures alone, in the Problems view
      if (documents.get(uri)) publishChanged()
      else closedTests.publish(uri)
    },
    showMessage: (type, message) => void connection.sendNotification('window/showMessage', { type, message }),
    refreshLenses: () => {
      if (lensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined)
    },
    now: options.testClock ?? (() => performance.now()),
    // between two cases: requests and typing that came in meanwhile are answered first
    pause: () => new Promise((resolve) => setImmediate(resolve)),
    ...(workerScript !== undefined ? { workerScript } : {}),
    ...(options.testWorkerReady === false ? { workerReady: false } : {}),
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

  const workspace = createWorkspaceFiles(ctx, {
    publishChanged,
    validateNow: (uri, version) => scheduler.now(uri, version),
  })
  /** Whether the client lets the server ask for file events (VS Code, Neovim, Helix): it registers its own watchers. */
  let watchFiles = false
  /** Whether the client tells of folders added to or removed from the workspace (VS Code does). */
  let folderEvents = false

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
      const workspaceFolders = (params.workspaceFolders ?? [{ uri: rootUri }])
        .flatMap((folder) => localPath(folder.uri) ?? [])
        .slice(0, 50)
      // a root of another scheme or host has no folder here: files are read by the folder each one opened is in
      project = new Project(workspaceFolders[0] ?? process.cwd(), projectOptions)
      await workspace.readFolders(workspaceFolders)
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

  // typing validates once the keystrokes pause; opening and saving at once
  documents.onDidChangeContent(({ document }) => {
    const file = toPath(document.uri)
    if (kindOfPath(file) && !workspace.isReading(file)) scheduler.changed(document.uri, document.version)
  })
  documents.onDidOpen(({ document }) => {
    if (!kindOfPath(toPath(document.uri))) return
    // a Routewright file open: a test run may come, and its worker is then ready (none before: an editor that
    // only browses other files keeps no thread)
    testRuns.warmWorker()
    closedTests.opened(document.uri)
    // the first file of a folder outside the workspace validates once that folder is read
    if (!workspace.readFolderOf(document)) scheduler.now(document.uri, document.version)
  })
  documents.onDidSave(({ document }) => {
    if (kindOfPath(toPath(document.uri))) scheduler.now(document.uri, document.version)
  })
  documents.onDidClose(({ document }) => {
    scheduler.forget(document.uri)
    synced.delete(document.uri)
    diagnostics.forget(document.uri)
    const file = toPath(document.uri)
    project.close(file)
    // a test file's last results stay for the session: the Problems view keeps its failures, reopening shows them
    closedTests.publish(document.uri)
    // the editor may have saved it readable (as UTF-8) with no file event to say so: read it again before its
    // old problem is shown
    if (project.get(file)?.unreadable)
      void workspace.readIntoProject(file).then(publishChanged, publishChanged)
    else publishChanged()
  })
  connection.onInitialized(() => {
    // the workspace files read at start that could not be read: their findings need no open document
    publishChanged()
    workspace.listen({ folderEvents, watchFiles })
  })

  registerNavigationRequests(ctx, testRuns)
  registerRenameRequests(ctx)
  registerDocumentRequests(ctx)
  registerTestCommandRequests(ctx, testRuns, () => progressSupport)

  connection.onShutdown(() => {
    void testRuns.close()
    scheduler.dispose()
    closedTests.dispose()
  })
  documents.listen(checkedDocumentEvents(connection))
  connection.listen()
}
