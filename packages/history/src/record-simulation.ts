// Runs `simulate` and writes its records into a store through the same builder and writer a server uses.
import { setImmediate as nextTurn } from 'node:timers/promises'
import {
  DEFAULT_SIMULATION_START,
  type RouterEvent,
  type RunRecordWriter,
  type SimulationOptions,
  type SimulationResult,
  simulationSteps,
  type TraceAccess,
} from '@routewright/strategy-runtime'
import type { RecordInput } from './record-events.ts'
import { createHistoryRecorder } from './recorder.ts'
import { NOTHING_WRITTEN } from './recorder-sink.ts'
import { createRecordsBuilder } from './records-builder.ts'
import type { HistoryStore } from './store.ts'

import { createHistoryWriter, type WriterCounters } from './writer.ts'

export interface RecordSimulationOptions {
  /** Where records wait if the store refuses them. */
  spoolFile: string
  /** The router name in the store; default `simulate`. */
  router?: string
  /** With a store location: `worker` (default) builds and writes the records in a writer thread. */
  thread?: 'worker' | 'inline'
  /**
   * With a store location: told once of each warning the store gives at its open (a PostgreSQL URL's option the
   * store's own replaces), to say it as the host says its notes (the CLI's stderr); default console.warn.
   */
  onWarning?: (message: string) => void
  /**
   * Asked between steps of the run, which then yields to the event loop (a Ctrl-C is heard within a step); true
   * ends the run there: what was recorded so far is flushed and the agents log out at the time reached.
   */
  stop?: () => boolean
  /** Events and timers run between two asks of `stop` (default simulate's SIMULATION_STEP_EVENTS; tests cut finer). */
  stepEvents?: number
  /**
   * With a store location: aborted while the store opens, the open is abandoned at once (HistoryRecorderOptions.signal)
   * and the run ends before it starts (`openAbandoned`); after, it ends the run as `stop` does.
   */
  signal?: AbortSignal
}

export interface RecordedSimulation {
  result: SimulationResult
  /** The writer's counters after the final flush: `pending` is 0 when everything is in the store. */
  counters: WriterCounters
  stoppedAt?: undefined
  dayEnded?: undefined
  openAbandoned?: undefined
}

/** A run `stop` ended before the day did: no figures, only the records up to `stoppedAt` (simulated epoch ms). */
export interface StoppedSimulation {
  result?: undefined
  counters: WriterCounters
  stoppedAt: number
  /**
   * The stop came after the day's end, while the interactions still open at it were finishing: the whole day was
   * simulated (`stoppedAt` is its end), only those were not finished.
   */
  dayEnded: boolean
  /** The stop came while the store opened: the open was abandoned, nothing of the run was simulated or written. */
  openAbandoned?: boolean
}

/**
 * Simulates and records every finished interaction of the run (warm-up included: a report picks its range), and
 * each handling its simulated agent finished (simulate's onComplete), so a simulated day reports AHT too, and
 * each simulated agent logged in ready from the start to the end, as simulate runs them, so it reports occupancy. Given a store location (`sqlite:FILE`,
 * `postgres://...`) rather than an opened store, the records are built and written off the simulation's thread,
 * as `serve` does.
 * @example await recordSimulation('sqlite:day.db', { strategy: 'pool', ... }, { spoolFile })
 */
export async function recordSimulation(
  store: Pick<HistoryStore, 'write'> | string,
  options: SimulationOptions,
  recordOptions: RecordSimulationOptions & ({ stop: () => boolean } | { signal: AbortSignal }),
): Promise<RecordedSimulation | StoppedSimulation>
export async function recordSimulation(
  store: Pick<HistoryStore, 'write'> | string,
  options: SimulationOptions,
  recordOptions: RecordSimulationOptions,
): Promise<RecordedSimulation>
export async function recordSimulation(
  store: Pick<HistoryStore, 'write'> | string,
  options: SimulationOptions,
  recordOptions: RecordSimulationOptions,
): Promise<RecordedSimulation | StoppedSimulation> {
  const router = recordOptions.router ?? 'simulate'
  const media = options.media ?? 'voice'
  let input: RecordInput
  // a writer thread's recorder takes the router's run records (no trace read back): its input then only hears
  // the host's calls
  let record: RunRecordWriter | undefined
  let finish: () => Promise<WriterCounters>
  let caughtUp: () => Promise<void>
  const start = options.startAt ?? DEFAULT_SIMULATION_START
  const signal = recordOptions.signal
  if (typeof store === 'string') {
    const opening = createHistoryRecorder({
      store,
      spoolFile: recordOptions.spoolFile,
      router,
      media,
      strategies: options.strategies,
      directory: options.directory,
      ...(recordOptions.thread ? { thread: recordOptions.thread } : {}),
      ...(recordOptions.onWarning ? { onWarning: recordOptions.onWarning } : {}),
      ...(signal ? { signal } : {}),
    })
    const recorder = await opening.catch((error: unknown) => {
      if (signal?.aborted) return undefined
      throw error
    })
    if (recorder === undefined)
      return { stoppedAt: start, dayEnded: false, openAbandoned: true, counters: { ...NOTHING_WRITTEN } }
    input = recorder
    record = recorder.record
    caughtUp = () => recorder.caughtUp()
    finish = async () => {
      await recorder.close()
      return recorder.counters()
    }
  } else {
    const writer = createHistoryWriter({ store, spoolFile: recordOptions.spoolFile })
    input = createRecordsBuilder({
      emit: writer.add,
      router,
      strategies: options.strategies,
      directory: options.directory,
      media,
    })
    // the writer runs on this thread: it writes while the loop below waits for a turn of the event loop
    caughtUp = () => Promise.resolve()
    finish = async () => {
      await writer.close()
      return writer.counters()
    }
  }
  // simulate logs its agents in ready at the start and they stay until the end (its router hears no host for them):
  // recorded so, their busy time lies inside logged-in time and occupancy has its denominator
  const end = start + options.durationHours * 3_600_000
  const agents = options.agents ?? Object.keys(options.directory.agents ?? {})
  for (const agent of agents) input.agentEvent({ agent, state: 'ready', at: start }, start)
  const listener = options.onEvent
  const steps = simulationSteps(
    {
      ...options,
      // the records keep a selection's summary: unless the caller listens too (and reads what it asked for), routing
      // lists no candidates for them
      explanations: options.explanations ?? (listener ? 'full' : 'summary'),
      ...(record
        ? { record, ...(listener ? { onEvent: listener } : {}) }
        : {
            onEvent: (event: RouterEvent, trace: TraceAccess) => {
              input.onEvent(event, trace)
              listener?.(event, trace)
            },
          }),
      onComplete: (interaction, at) => {
        input.completed(interaction, at)
        options.onComplete?.(interaction, at)
      },
    },
    recordOptions.stepEvents,
  )
  const stop = recordOptions.stop ?? (signal ? () => signal.aborted : undefined)
  // the writer is kept a step behind at most: a day simulated far ahead of its store took many seconds to close
  let written: Promise<void> = Promise.resolve()
  // asked before the first step too: a stop while the store opened ends the run before it simulates anything
  let reached = start
  for (;;) {
    if (stop) {
      const previous = written
      written = caughtUp()
      await previous
      // a turn of the event loop, not a microtask: a signal's handler runs only then
      await nextTurn()
      if (stop()) {
        const stoppedAt = Math.min(reached, end)
        for (const agent of agents) input.agentEvent({ agent, state: 'logged-out', at: stoppedAt }, stoppedAt)
        await written
        return { stoppedAt, dayEnded: reached > end, counters: await finish() }
      }
    }
    const step = steps.next()
    if (step.done) {
      // a handling still open at the end is never completed, so none is recorded past it
      for (const agent of agents) input.agentEvent({ agent, state: 'logged-out', at: end }, end)
      return { result: step.value, counters: await finish() }
    }
    reached = step.value
  }
}
