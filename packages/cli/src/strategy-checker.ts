import { availableParallelism, freemem } from 'node:os'
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

/** Below this many strategy files, starting a thread (and loading the DSL again in it) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 48
const MAX_WORKERS = 4
/**
 * Text one worker checks in about 3.5 s on the 2-core CI machine (1,000 files of 51 nodes are 6.3 MB and take it
 * 2.7 s): another worker starts only past it, since each one costs ~40 MB (an isolate and the DSL) before any work.
 */
const BYTES_PER_WORKER = 8 * 1024 * 1024
/**
 * Each worker's old-generation ceiling. Far above what it keeps (~35 KB per 6 KB file), but below 2 GB
 * V8 grows a heap by ~1.3x of what survives instead of 4x (1,000 files in one worker: 320 MB peak without it,
 * 178 MB with it, for the same CPU time).
 */
const MIN_HEAP_MB = 256
/** What a worker keeps per byte of its share while its files are parsed (~5.5, with room to spare). */
const LIVE_BYTES_PER_INPUT_BYTE = 24
/** What a worker costs before its heap: the isolate and the DSL's modules. */
const WORKER_BASE_BYTES = 40 * 1024 * 1024

export interface WorkerPlan {
  /** 0: check in this thread. */
  workers: number
  heapLimitMb: number
}

/**
 * How many worker threads check `bytes` of strategy text in `files` files: enough to keep a large run well under
 * 5 s, no more than the cores, and none that free memory could not hold. One worker even on one core: its heap
 * ceiling is what keeps the memory down (this thread's heap has none).
 */
export function planWorkers(input: {
  files: number
  bytes: number
  cores: number
  freeBytes: number
}): WorkerPlan {
  const { files, bytes, cores, freeBytes } = input
  if (files < MIN_FILES_FOR_WORKERS) return { workers: 0, heapLimitMb: 0 }
  const wanted = Math.max(1, Math.min(cores, MAX_WORKERS, Math.ceil(bytes / BYTES_PER_WORKER)))
  const perWorker = (count: number) => WORKER_BASE_BYTES + (bytes / count) * LIVE_BYTES_PER_INPUT_BYTE
  let workers = wanted
  while (workers > 1 && workers * perWorker(workers) > freeBytes) workers--
  const heapLimitMb = Math.max(
    MIN_HEAP_MB,
    Math.ceil((2 * (bytes / workers) * LIVE_BYTES_PER_INPUT_BYTE) / (1024 * 1024)),
  )
  return { workers, heapLimitMb }
}

export function createInlineChecker(): StrategyChecker {
  const shard = new StrategyShard()
  return {
    parse: async (items) => shard.parse(items),
    validate: async (strategies, directory) => shard.validate(strategies, directory),
    close: async () => {},
  }
}

/** Worker threads when there are enough files (see planWorkers); otherwise this thread. */
export function createChecker(
  input: { files: number; bytes: number },
  workerScript: string | undefined,
): StrategyChecker {
  const plan = planWorkers({ ...input, cores: availableParallelism(), freeBytes: freemem() })
  if (!workerScript || plan.workers === 0) return createInlineChecker()
  return createWorkerChecker(plan, workerScript)
}

function createWorkerChecker(
  { workers: count, heapLimitMb }: WorkerPlan,
  workerScript: string,
): StrategyChecker {
  // a small young generation: with larger ones more of each worker's heap sat in it at the peak (1,000 files:
  // 405 MB at 64 MB, 195 MB at 4 MB), for a little more scavenging; the bench reports both time and memory
  const resourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: heapLimitMb }
  const workers = Array.from({ length: count }, () => new Worker(workerScript, { resourceLimits }))
  const ask = <T>(worker: Worker, request: WorkerRequest): Promise<T[]> =>
    new Promise((resolve, reject) => {
      const onMessage = (reply: { ok: true; results: T[] } | { ok: false; error: string }) => {
        worker.off('error', onError)
        if (reply.ok) resolve(reply.results)
        else reject(new Error(`validate worker failed: ${reply.error}`))
      }
      const onError = (error: Error) => {
        worker.off('message', onMessage)
        // the ceiling is sized from the input with room to spare: reaching it means that estimate is wrong
        const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
        reject(
          outOfMemory
            ? new Error(`a validate worker needed more than its ${heapLimitMb} MB heap ceiling`, {
                cause: error,
              })
            : error,
        )
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
