// pure: one simulation job (one or two versions of a strategy on the same seed) and how the worker runs it.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import {
  checkTraffic,
  type SimulationResult,
  simulate,
  type TrafficFinding,
} from '@routewright/strategy-runtime'
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

/** A traffic finding of one version, labelled with it. */
export interface SimFinding extends TrafficFinding {
  label: string
}

/** The strategies a version runs with: itself, then the workspace's others (its saved copy left out). */
function strategiesOf(job: SimJob, version: SimVersion): StrategyDocument[] {
  const id = version.document.strategy
  return [version.document, ...job.strategies.filter((s) => s.strategy !== id)]
}

/**
 * The traffic errors (RW490, RW491) of any version: the job would measure nothing, so it is not run, as
 * `routewright simulate` refuses it. Warnings (RW492, RW493) run and come back in each run's result.
 */
export function refusalOf(job: SimJob): SimFinding[] {
  return job.versions.flatMap((version) =>
    checkTraffic({
      strategy: version.document.strategy,
      strategies: strategiesOf(job, version),
      directory: job.directory,
      agents: job.settings.agents,
      media: job.settings.media,
      ...(job.settings.startAt !== undefined ? { startAt: job.settings.startAt } : {}),
    })
      .filter((finding) => finding.severity === 'error')
      .map((finding) => ({ ...finding, label: version.label })),
  )
}

/** Runs every version in turn on the same seed; `onProgress` gets the share of the whole job done. */
export function runJob(job: SimJob, onProgress: (fraction: number) => void): SimRun[] {
  const runs: SimRun[] = []
  const { settings } = job
  job.versions.forEach((version, index) => {
    const id = version.document.strategy
    const strategies = strategiesOf(job, version)
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
      media: settings.media,
      countNodes: true,
      countAgents: true,
      ...(settings.arrivalProfile
        ? { arrivalProfile: settings.arrivalProfile }
        : { arrivalsPerHour: settings.arrivalsPerHour ?? 0 }),
      ...(settings.priority !== undefined ? { priority: settings.priority } : {}),
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
