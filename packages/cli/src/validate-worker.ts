// A worker thread of `routewright validate`: holds one StrategyShard and answers the pool's two requests.
import { parentPort } from 'node:worker_threads'
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { type ShardItem, StrategyShard } from './strategy-shard.ts'

export type WorkerRequest =
  | { type: 'parse'; items: ShardItem[] /** Send back callee views, not whole documents. */; views?: boolean }
  | { type: 'validate'; strategies: Array<[string, StrategyDocument]>; directory?: DirectoryDocument }

const shard = new StrategyShard()
parentPort?.on('message', (request: WorkerRequest) => {
  try {
    if (request.type === 'parse')
      parentPort?.postMessage({ ok: true, results: shard.parse(request.items, request.views === true) })
    else {
      const results = shard.validate(new Map(request.strategies), request.directory)
      parentPort?.postMessage({ ok: true, results })
    }
  } catch (error) {
    parentPort?.postMessage({
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    })
  }
})
