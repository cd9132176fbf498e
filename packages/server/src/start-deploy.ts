// The first deploy of a starting serve, sent again while routing changes hands (a lease that moves during the start
// fails the forwarded deploy): with backoff, each retry logged with its reason, for at most `limitMs` in all.
import type { DeployableWorkspace, RoutingCoordinator } from './core/coordinator.ts'
import { CoordinatorUnavailable } from './core/redis-link.ts'
import type { VersionInfo } from './core/types.ts'
import type { Logger } from './log.ts'

/** How long a starting serve retries its deploy while routing changes hands, by default. */
export const DEFAULT_START_RETRY_MS = 60_000
const FIRST_DELAY_MS = 100
const MAX_DELAY_MS = 2000

export interface StartDeployOptions {
  log: Logger
  /** No retry starts once this many ms passed since the first attempt. */
  limitMs: number
  now: () => number
  sleep: (ms: number) => Promise<void>
}

/** Whether the deploy may be sent again: routing is changing hands (never a full or unreachable Redis). */
function moving(error: unknown): error is CoordinatorUnavailable {
  return error instanceof CoordinatorUnavailable && error.moving
}

/**
 * Deploys `workspace`, retrying while routing changes hands (deploying a version that is current changes nothing, so
 * a retry of one that ran is harmless); rejects with the first other error, or with what to check after `limitMs`.
 */
export async function deployAtStart(
  coordinator: RoutingCoordinator,
  workspace: DeployableWorkspace,
  { log, limitMs, now, sleep }: StartDeployOptions,
): Promise<VersionInfo> {
  const first = now()
  let delay = FIRST_DELAY_MS
  for (let attempt = 1; ; attempt++) {
    try {
      return await coordinator.deploy(workspace)
    } catch (error) {
      if (!moving(error)) throw error
      const spent = now() - first
      if (spent + delay > limitMs)
        throw new CoordinatorUnavailable(
          `routing kept changing hands for ${Math.round(spent / 1000)} s while this process started (attempts: ${attempt}; last: ${error.message}). Check that the other serve processes on this Redis run and reach it, that they were started with the same --takeover, and that Redis is not overloaded; then start this process again`,
        )
      log('warn', 'deploy at start refused while routing changes hands; retrying', {
        attempt,
        reason: error.message,
        retryInMs: delay,
      })
      await sleep(delay)
      delay = Math.min(delay * 2, MAX_DELAY_MS)
    }
  }
}
