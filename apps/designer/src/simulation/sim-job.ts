// pure: one simulation job (one or two versions of a strategy on the same seed) and how the worker runs it.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { type SimulationResult, simulate } from '@routewright/strategy-runtime'
import type { SimSettings } from './sim-form.ts'

/** A version of the strategy to simulate: its label (`edited`, `saved`, a file name) and its document. */
export interface SimVersion {
  label: string
  document: StrategyDocument
}

export interface SimJob {
  versions: SimVersion[]
  /** Other strategies of the workspace, for subroutine calls; the version replaces its own id. */
  strategies: StrategyDocument[]
  directory: DirectoryDocument
  settings: SimSettings
}

export interface SimRun {
  label: string
  /** The strategy id simulated (the heat overlay reads `nodeEntries` keys `<id>/<node>`). */
  strategy: string
  result: SimulationResult
}

/** Messages from the simulation worker. */
export type SimMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; runs: SimRun[] }
  | { type: 'error'; message: string }

/** Runs every version in turn on the same seed; `onProgress` gets the share of the whole job done. */
export function runJob(job: SimJob, onProgress: (fraction: number) => void): SimRun[] {
  const runs: SimRun[] = []
  const { settings } = job
  job.versions.forEach((version, index) => {
    const id = version.document.strategy
    const strategies = [version.document, ...job.strategies.filter((s) => s.strategy !== id)]
    const result = simulate({
      strategy: id,
      strategies,
      directory: job.directory,
      ahtSeconds: settings.ahtSeconds,
      durationHours: settings.durationHours,
      warmupHours: settings.warmupHours,
      serviceLevelSeconds: settings.serviceLevelSeconds,
      intervalMinutes: settings.intervalMinutes,
      seed: settings.seed,
      agents: settings.agents,
      countNodes: true,
      countAgents: true,
      ...(settings.arrivalProfile
        ? { arrivalProfile: settings.arrivalProfile }
        : { arrivalsPerHour: settings.arrivalsPerHour ?? 0 }),
      ...(settings.data ? { data: settings.data } : {}),
      ...(settings.dnis !== undefined ? { dnis: settings.dnis } : {}),
      ...(settings.ani !== undefined ? { ani: settings.ani } : {}),
      ...(settings.startAt !== undefined ? { startAt: settings.startAt } : {}),
      ...(settings.functions ? { functions: settings.functions } : {}),
      ...(settings.patienceSeconds !== undefined ? { patienceSeconds: settings.patienceSeconds } : {}),
      onProgress: (fraction) => onProgress((index + fraction) / job.versions.length),
    })
    runs.push({ label: version.label, strategy: id, result })
  })
  return runs
}
