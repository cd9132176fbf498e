// A PostgreSQL server of a test file's own behind a proxy it freezes (a partition, a stuck backend going silent): the
// setup the CLI's time-limit tests share, started before the file's tests and stopped after them.
import {
  type FreezableProxy,
  type PostgresServer,
  startFreezableProxy,
  startPostgresServer,
} from '@routewright/node-support/testing'
import { afterAll, afterEach, beforeAll } from 'vitest'

export interface FrozenPostgres {
  /** The server itself (its URL reaches it past the proxy, to set up and read back). */
  readonly server: PostgresServer
  /** The proxy in front of it: freezeWhen, thaw. */
  readonly proxy: FreezableProxy
  /** The server's `postgres` database through the proxy, with a password (to see it masked) and `params`. */
  url(params: string): string
}

/**
 * Starts the server (then `prepare`, on its own URL) and the proxy in the file's beforeAll; thaws the proxy after each
 * test, and stops both in the file's afterAll. Read the fields inside tests, once started.
 */
export function frozenPostgresPerFile(prepare?: (url: string) => Promise<void>): FrozenPostgres {
  let server: PostgresServer | undefined
  let proxy: FreezableProxy | undefined
  beforeAll(async () => {
    server = await startPostgresServer()
    await prepare?.(server.url)
    proxy = await startFreezableProxy(new URL(server.url).host)
  })
  // a test that failed before its thaw leaves the next one a frozen proxy, whose freezeWhen would never resolve
  afterEach(() => proxy?.thaw())
  afterAll(async () => {
    proxy?.thaw()
    await proxy?.close()
    await server?.destroy()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('frozenPostgresPerFile: read it inside a test, once beforeAll ran')
    return value
  }
  return {
    get server() {
      return started(server)
    },
    get proxy() {
      return started(proxy)
    },
    url: (params) => `postgres://postgres:s3cret@${started(proxy).at}/postgres?${params}`,
  }
}
