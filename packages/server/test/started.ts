// What a test of `serve` child processes starts (the processes, a redis-server, a workspace), stopped and removed
// after each of its tests whatever the test's outcome, so no test leaves a process or a folder behind.
import type { RedisServer } from '@routewright/node-support/testing'
import { afterEach } from 'vitest'
import type { TestWorkspace } from './helpers.ts'
import type { ServeProcess } from './serve-process.ts'

export interface Started {
  processes: ServeProcess[]
  redis?: RedisServer | undefined
  /** A makeWorkspace() or a clusterWorkspace(): removed after the test. */
  workspace?: Pick<TestWorkspace, 'dir' | 'remove'> | undefined
}

/** Call once at a test file's top level; its tests put what they start in the returned object. */
export function startedInEachTest(): Started {
  const started: Started = { processes: [] }
  afterEach(async () => {
    const { processes, redis, workspace } = started
    started.processes = []
    started.redis = undefined
    started.workspace = undefined
    await Promise.all(processes.map((p) => p.kill('SIGKILL')))
    await redis?.stop()
    workspace?.remove()
  })
  return started
}
