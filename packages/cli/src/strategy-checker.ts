import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import {
  calleeView,
  type ParsedItem,
  type ShardItem,
  StrategyShard,
  type ValidatedItem,
} from './strategy-shard.ts'
import type { WorkerRequest } from './validate-worker.ts'

/** Parses then validates strategy files, in this thread or spread over worker threads. */
export interface StrategyChecker {
  /** With `views`, the documents may come back as callee views (enough for calls and ids, not for tests). */
  parse(items: readonly ShardItem[], views?: boolean): Promise<ParsedItem[]>
  validate(
    strategies: ReadonlyMap<string, StrategyDocument>,
    directory?: DirectoryDocument,
  ): Promise<ValidatedItem[]>
  close(): Promise<void>
}

/** Below this many strategy files, starting threads costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 48
const MAX_WORKERS = 4

export function createInlineChecker(): StrategyChecker {
  const shard = new StrategyShard()
  return {
    parse: async (items) => shard.parse(items),
    validate: async (strategies, directory) => shard.validate(strategies, directory),
    close: async () => {},
  }
}

/** Worker threads when there are enough files and cores; otherwise this thread. */
export function createChecker(fileCount: number, workerScript: string | undefined): StrategyChecker {
  const cores = availableParallelism()
  if (!workerScript || fileCount < MIN_FILES_FOR_WORKERS || cores < 2) return createInlineChecker()
  return createWorkerChecker(Math.min(cores, MAX_WORKERS), workerScript)
}

function createWorkerChecker(count: number, workerScript: string): StrategyChecker {
  // a small young generation per worker: with two or more workers it held most of the peak memory (1,000 files:
  // 405 MB at 64 MB, 195 MB at 4 MB), for a little more scavenging; the bench reports both time and memory
  const workers = Array.from(
    { length: count },
    () => new Worker(workerScript, { resourceLimits: { maxYoungGenerationSizeMb: 4 } }),
  )
  const ask = <T>(worker: Worker, request: WorkerRequest): Promise<T[]> =>
    new Promise((resolve, reject) => {
      const onMessage = (reply: { ok: true; results: T[] } | { ok: false; error: string }) => {
        worker.off('error', onError)
        if (reply.ok) resolve(reply.results)
        else reject(new Error(`validate worker failed: ${reply.error}`))
      }
      const onError = (error: Error) => {
        worker.off('message', onMessage)
        reject(error)
      }
      worker.once('message', onMessage)
      worker.once('error', onError)
      worker.postMessage(request)
    })
  return {
    async parse(items, views = false) {
      // deal files out by size so each worker gets a similar amount of text
      const shares: ShardItem[][] = workers.map(() => [])
      const load = workers.map(() => 0)
      for (const item of [...items].sort((a, b) => b.input.length - a.input.length)) {
        const lightest = load.indexOf(Math.min(...load))
        shares[lightest]!.push(item)
        load[lightest]! += item.input.length
      }
      const results = await Promise.all(
        workers.map((w, i) => ask<ParsedItem>(w, { type: 'parse', items: shares[i]!, views })),
      )
      return results.flat().sort((a, b) => a.index - b.index)
    },
    async validate(strategies, directory) {
      const request: WorkerRequest = {
        type: 'validate',
        strategies: [...strategies].map(([id, document]) => [id, calleeView(document)] as const),
        ...(directory ? { directory } : {}),
      }
      const results = await Promise.all(workers.map((w) => ask<ValidatedItem>(w, request)))
      return results.flat().sort((a, b) => a.index - b.index)
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
