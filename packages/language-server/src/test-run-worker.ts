// The thread a test file's run happens on (started per run by test-run-thread.ts): it gets the documents as plain
// data, runs the case it is asked for with the runtime's runTestDocumentUntil and posts its result. The server's
// thread stays free for requests, and a stop it cannot wait for (a clock firing that runs long) ends this thread.
import { parentPort, workerData } from 'node:worker_threads'
import type { DirectoryDocument, StrategyDocument, TestDocument } from '@routewright/strategy-dsl'
import { failureLines, runTestDocumentUntil } from '@routewright/strategy-runtime'

/** What the run's thread starts with (structured clones of the project's parsed documents). */
export interface TestRunWorkerData {
  tests: TestDocument
  strategies: Array<[string, StrategyDocument]>
  directory: DirectoryDocument
  /**
   * Two Int32s: [0] set to 1 by the server's thread to stop the case running (read between clock firings), [1]
   * counted up here at each look, so the server's thread sees whether the case still moves from firing to firing.
   */
  shared: SharedArrayBuffer
}

/** Run the scenario at `index` of `tests.scenarios`. */
export interface TestRunRequest {
  index: number
}

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

const data = workerData as TestRunWorkerData
const shared = new Int32Array(data.shared)
const strategies = new Map(data.strategies)

async function runCase(index: number): Promise<TestRunReply> {
  const scenario = data.tests.scenarios[index]
  if (!scenario) return { index, error: `no scenario at index ${index}` }
  const stop = new AbortController()
  parentPort?.postMessage({ index, started: true } satisfies TestRunReply)
  try {
    const report = await runTestDocumentUntil(
      { ...data.tests, scenarios: [scenario] },
      { strategies, directory: data.directory },
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
  void runCase(request.index).then((reply) => parentPort?.postMessage(reply))
})
