// Strategy tests from the editor over LSP: the code lenses, and `workspace/executeCommand` running
// (`routewright.runTests`, with progress the editor can cancel) or stopping (`routewright.stopTests`) them.
import path from 'node:path'
import {
  type CancellationToken,
  ErrorCodes,
  ResponseError,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node'
import { toPath } from './lsp-convert.ts'
import { documentParams, runTestsArgument, stopTestsArgument } from './request-params.ts'
import type { ServerContext } from './server-context.ts'
import { RUN_TESTS_COMMAND, type RunControl, STOP_TESTS_COMMAND, type TestRuns } from './test-commands.ts'

export function registerTestCommandRequests(
  ctx: ServerContext,
  testRuns: TestRuns,
  /** Whether the client shows progress the server starts (`window/workDoneProgress/create`, with a cancel button). */
  progressSupport: () => boolean,
): void {
  const { connection } = ctx

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
    if (!progressSupport()) return { reporter: connection.window.attachWorkDoneProgress(undefined) }
    try {
      const reporter = await connection.window.createWorkDoneProgress()
      return { reporter, token: reporter.token }
    } catch {
      return { reporter: connection.window.attachWorkDoneProgress(undefined) }
    }
  }
}
