// A start refused after listening leaves nothing running: the coordinator (with Redis, its lease tick) is stopped,
// and a spool that cannot be is refused before the coordinator starts at all (a process that will not serve never
// takes the lease).
import { createServer } from 'node:net'
import { createLocalCoordinator, type RoutingCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { serve } from './helpers.ts'

/** A free port, found by listening on port 0 and closing. */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

describe('serve start refused', () => {
  it('refuses a PostgreSQL store with no --store-spool before the coordinator starts', async () => {
    let started = 0
    const coordinator = async (): Promise<RoutingCoordinator> => {
      started++
      return createLocalCoordinator()
    }
    await expect(
      serve({ coordinator, history: { store: 'postgres://nobody@127.0.0.1:1/none' } }),
    ).rejects.toThrow(/A PostgreSQL store needs --store-spool FILE/)
    expect(started).toBe(0)
  })

  it('stops the coordinator and frees the port when the deploy at start fails', async () => {
    const local = createLocalCoordinator()
    let stopped = 0
    const coordinator: RoutingCoordinator = {
      ...local,
      deploy: async () => {
        throw new Error('the version does not fit')
      },
      stop: async () => {
        stopped++
        await local.stop()
      },
    }
    const port = await freePort()
    await expect(serve({ coordinator, port })).rejects.toThrow(
      /Cannot deploy the workspace: the version does not fit/,
    )
    expect(stopped).toBe(1)
    // the port is given back: another listener takes it
    const again = createServer()
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject)
      again.listen(port, '127.0.0.1', resolve)
    })
    await new Promise((resolve) => again.close(resolve))
  })
})
