// Reads every statistic a node's expressions need before the node runs: at once when the provider answers
// synchronously, else waiting (bounded by limits.statTimeoutMs) with the frame marked `statistics`.
import { checkReading, message, readStatistic, type StatResult, statKey } from '../stats/stat-reader.ts'
import type { CompiledNode } from './compile.ts'
import type { EnginePort } from './port.ts'
import type { Frame } from './run.ts'

const NONE = new Map<string, StatResult>()

export function prefetchStatistics(
  port: EnginePort,
  frame: Frame,
  node: CompiledNode,
  done: (results: Map<string, StatResult>) => void,
): void {
  if (node.statRefs.length === 0) {
    done(NONE)
    return
  }
  const results = new Map<string, StatResult>()
  const pending: Array<{ key: string; promise: PromiseLike<unknown> }> = []
  for (const ref of node.statRefs) {
    const key = statKey(ref.subject, ref.statistic, ref.window)
    if (results.has(key)) continue
    const result = readStatistic(port.stats, ref.subject, ref.statistic, ref.window)
    results.set(key, result)
    if (result.ok === 'pending') pending.push({ key, promise: result.promise })
  }
  if (pending.length === 0) {
    done(results)
    return
  }
  const token = frame.token
  frame.waitingFor = 'statistics'
  let left = pending.length
  let settled = false
  const finishOnce = () => {
    if (settled || frame.token !== token || frame.run.finished) return
    settled = true
    port.clock.clearTimeout(timer)
    frame.waitingFor = undefined
    for (const [key, r] of results) {
      if (r.ok === 'pending')
        results.set(key, {
          ok: false,
          error: `${key.split('|').join(' ')}: no answer within ${port.limits.statTimeoutMs} ms`,
        })
    }
    done(results)
  }
  const timer = port.clock.setTimeout(finishOnce, port.limits.statTimeoutMs)
  for (const { key, promise } of pending) {
    promise.then(
      (value) => {
        results.set(key, checkReading(value, `Statistic ${key.split('|').join(' ')}`))
        if (--left === 0) finishOnce()
      },
      (error: unknown) => {
        results.set(key, {
          ok: false,
          error: `Statistic ${key.split('|').join(' ')} failed: ${message(error)}`,
        })
        if (--left === 0) finishOnce()
      },
    )
  }
}
