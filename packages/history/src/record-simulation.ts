// Runs `simulate` and writes its records into a store through the same builder and writer a server uses.
import { type SimulationOptions, type SimulationResult, simulate } from '@routewright/strategy-runtime'
import { createRecordsBuilder } from './records-builder.ts'
import type { HistoryStore } from './store.ts'
import { createHistoryWriter, type WriterCounters } from './writer.ts'

export interface RecordSimulationOptions {
  /** Where records wait if the store refuses them. */
  spoolFile: string
  /** The router name in the store; default `simulate`. */
  router?: string
}

export interface RecordedSimulation {
  result: SimulationResult
  /** The writer's counters after the final flush: `pending` is 0 when everything is in the store. */
  counters: WriterCounters
}

/**
 * Simulates and records every finished interaction of the run (warm-up included: a report picks its range), and
 * each handling its simulated agent finished (simulate's onComplete), so a simulated day reports AHT too. The
 * simulated agents report no state changes, so occupancy stays empty.
 * @example await recordSimulation(await openStore('sqlite:day.db'), { strategy: 'pool', ... }, { spoolFile })
 */
export async function recordSimulation(
  store: Pick<HistoryStore, 'write'>,
  options: SimulationOptions,
  recordOptions: RecordSimulationOptions,
): Promise<RecordedSimulation> {
  const writer = createHistoryWriter({ store, spoolFile: recordOptions.spoolFile })
  const builder = createRecordsBuilder({
    emit: writer.add,
    router: recordOptions.router ?? 'simulate',
    strategies: options.strategies,
    media: options.media ?? 'voice',
  })
  const result = simulate({
    ...options,
    onEvent: (event, trace) => {
      builder.onEvent(event, trace)
      options.onEvent?.(event, trace)
    },
    onComplete: (interaction, at) => {
      builder.completed(interaction, at)
      options.onComplete?.(interaction, at)
    },
  })
  await writer.close()
  return { result, counters: writer.counters() }
}
