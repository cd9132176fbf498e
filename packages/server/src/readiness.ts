// GET /readyz answers at once from this process's own state: a load balancer's probe (Kubernetes' default timeout is
// 1 s) must not fail on the only healthy process while routing moves to it. Routing changing hands is no reason to be
// unready (every process of the cluster waits the same takeover; a request meanwhile gets 503 "retry"); a Redis that
// is unreachable is, and so is a stop.
import { raceWithin } from '@routewright/node-support/race-within'
import type { RoutingCoordinator } from './core/coordinator.ts'
import { CoordinatorUnavailable } from './core/redis-link.ts'
import type { WorkspaceDrift } from './workspace-drift.ts'

/** The cluster's current version is read for this long; then the one this process learned last is answered. */
export const READY_READ_MS = 250

export interface ReadyAnswer {
  ready: boolean
  reason?: string
  version?: string
  workspace?: string
  warning?: string
}

export interface Readiness {
  /** The cluster's current version as this process learned it (its own deploys, deploys streamed from others). */
  learned(version: string): void
  answer(): Promise<ReadyAnswer>
}

export function createReadiness(o: {
  coordinator: Pick<RoutingCoordinator, 'versions' | 'status'>
  drift: WorkspaceDrift
  /** This process's own workspace version (shown beside the drift warning). */
  workspace: () => string
  readMs?: number
}): Readiness {
  const readMs = o.readMs ?? READY_READ_MS
  let known: string | undefined
  // one read at a time: probes arriving while the routing process does not answer share it instead of piling up
  let reading: Promise<string | undefined> | undefined
  function read(): Promise<string | undefined> {
    reading ??= o.coordinator
      .versions()
      .then((versions) => {
        const current = versions.find((v) => v.status === 'current')?.version
        if (current !== undefined) known = current
        return current
      })
      .finally(() => {
        reading = undefined
      })
    return reading
  }
  return {
    learned(version) {
      known = version
    },
    async answer() {
      const status = o.coordinator.status?.()
      if (status && !status.ready) return { ready: false, reason: status.reason ?? 'not ready' }
      let version: string | undefined
      try {
        const current = await raceWithin(read(), readMs)
        version = current.late ? known : current.value
      } catch (error) {
        if (!(error instanceof CoordinatorUnavailable)) throw error
        // the lease is moving (to this process, or from it): what this process knows still holds
        if (!error.moving) return { ready: false, reason: error.message }
        version = known
      }
      const warning = o.drift.check(version)
      return {
        ready: true,
        ...(version !== undefined ? { version } : {}),
        ...(warning ? { workspace: o.workspace(), warning } : {}),
      }
    },
  }
}
