// The thread a test file's run happens on (test-run-thread.ts; started idle, ahead of the run, by
// spare-worker.ts): it is handed the documents as plain data, runs the case it is asked for with the runtime's
// runTestDocumentUntil and posts its result. The server's thread stays free for requests, and a stop or a spent
// budget it cannot wait for (a clock firing that runs long) ends this thread.
import { parentPort, workerData } from 'node:worker_threads'
import type { DirectoryDocument, StrategyDocument, TestDocument } from '@routewright/strategy-dsl'
import { failureLines, runTestDocumentUntil } from '@routewright/strategy-runtime'

/** The run's documents (structured clones of the project's parsed documents), handed over before its first case. */
export interface TestRunDocuments {
  tests: TestDocument
  strategies: Array<[string, StrategyDocument]>
  directory: DirectoryDocument
}

/** What the thread starts with, before it knows which run it will serve. */
export interface TestRunWorkerData {
  /**
   * Two Int32s: [0] set to 1 by the server's thread to stop the case running (read between clock firings), [1]
   * counted up here at each look, so the server's thread sees whether the case still moves from firing to firing.
   */
  shared: SharedArrayBuffer
}

/** Take the run's documents (once, first), then run the scenario at `index` of `tests.scenarios`. */
export type TestRunRequest = { documents: TestRunDocuments } | { index: number }

export type TestRunReply =
  /** Loaded and running the case: from here a stop may find it in the middle of a clock firing. */
  | { index: number; started: true }
  | { index: number; passed: boolean; stopped: boolean; message: string }
  | { index: number; error: string }

/**
 * A look at the stop flag before every clock firing: a stop asked during the first firings is seen before the next,
 * and the count of looks shows the server whether the case still moves (a 100,000-firing case took no longer).
 */
const FIRINGS_PER_LOOK = 1

const shared = new Int32Array((workerData as TestRunWorkerData).shared)
let data: TestRunDocuments | undefined
let strategies = new Map<string, StrategyDocument>()

async function runCase(index: number): Promise<TestRunReply> {
  const docs = data
  if (!docs) return { index, error: 'no documents were handed to the worker before its first case' }
  const scenario = docs.tests.scenarios[index]
  if (!scenario) return { index, error: `no scenario at index ${index}` }
  const stop = new AbortController()
  parentPort?.postMessage({ index, started: true } satisfies TestRunReply)
  try {
    const report = await runTestDocumentUntil(
      { ...docs.tests, scenarios: [scenario] },
      { strategies, directory: docs.directory },
      {
        signal: stop.signal,
        pause: async () => {
          Atomics.add(shared, 1, 1)
          if (Atomics.load(shared, 0) === 1) stop.abort()
        },
        firingsPerPause: FIRINGS_PER_LOOK,
      },
    )
    const only = report.scenarios[0]
    const passed = only?.passed === true
    return {
      index,
      passed,
      stopped: only?.stopped === true,
      message: passed ? '' : only ? failureLines(only).join('\n') : '',
    }
  } catch (error) {
    return { index, error: error instanceof Error ? error.message : String(error) }
  }
}

parentPort?.on('message', (request: TestRunRequest) => {
  if ('documents' in request) {
    data = request.documents
    strategies = new Map(data.strategies)
    return
  }
  void runCase(request.index).then((reply) => parentPort?.postMessage(reply))
})
