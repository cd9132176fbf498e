// Starts a real, throw-away PostgreSQL cluster in a temporary folder on a free port for a test or a bench (as the
// `postgres` user when run as root, since initdb refuses root); fails loudly when the binaries are missing. Stop it
// and start it again to test a store that goes away. Readiness is pg_isready's on the server's own socket folder
// (another PostgreSQL on the port would answer on TCP too), so this needs no client library.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chownSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort, waitFor } from '../ports.ts'
import { tiedCommand } from '../tied-child.ts'
import { collectOutput, stopChild } from './children.ts'

export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin'

export interface PostgresServer {
  url: string
  /** Stops the server (fast shutdown), keeping its data. */
  stop(): Promise<void>
  /** Starts it again on the same port and data. */
  start(): Promise<void>
  /** Stops it and removes its folder. */
  destroy(): Promise<void>
  /** The postmaster's process id while it runs (its backends are its children): a bench counts their CPU. */
  pid(): number | undefined
}

export interface PostgresServerOptions {
  /** Keep PostgreSQL's crash safety (fsync, synchronous commit): benches measure with it; tests do not need it. */
  durable?: boolean
  /** Start on this port; none other is tried when it is taken. Default: a free port. */
  port?: number
}

const asRoot = process.getuid?.() === 0

/** The command line running `bin` as the `postgres` user when this process is root. */
function command(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]
}

export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const initdb = path.join(POSTGRES_BIN, 'initdb')
  if (!existsSync(initdb)) {
    throw new Error(
      `${initdb} not found: these tests need a real PostgreSQL server. Install it with "apt-get install -y postgresql".`,
    )
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-pg-'))
  const user = asRoot ? postgresUser() : undefined
  if (user) chownSync(folder, user.uid, user.gid)
  const data = path.join(folder, 'data')
  // a copy of one initdb'd folder (cp -a keeps the postgres owner and 0700): initdb took 1-5 s per server
  execFileSync('cp', ['-a', pristineData(initdb), data], { stdio: 'pipe' })
  let port = options.port ?? (await freePort())
  let child: ChildProcess | undefined

  const start = async () => {
    const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=50']
    if (!options.durable) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off')
    const running = spawn(
      ...tiedCommand(
        path.join(POSTGRES_BIN, 'postgres'),
        ['-D', data, '-p', String(port), '-k', folder, ...settings],
        {
          signal: 'SIGINT',
          runAs: user ? { user: String(user.uid), group: String(user.gid) } : undefined,
        },
      ),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = running
    const output = collectOutput(running)
    running.once('error', () => {}) // runuser or postgres missing: it exits, and the wait below says so
    await waitFor(
      `postgres on port ${port}`,
      () => {
        if (running.exitCode !== null)
          throw new Error(`postgres exited with ${running.exitCode}:\n${output()}`)
        return accepting(folder, port)
      },
      20_000,
      100,
    ).catch(async (error: Error) => {
      if (running.exitCode !== null) throw error
      await stop() // not left running behind a failed start
      throw new Error(`${error.message}:\n${output()}`)
    })
  }

  // the postmaster itself (runuser may sit between us and it), from the pid file it writes once up
  const postmasterPid = () => {
    const pidFile = path.join(data, 'postmaster.pid')
    return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined
  }
  const stop = async () => {
    const running = child
    child = undefined
    if (!running) return
    // signal the postmaster itself: SIGINT is a fast shutdown
    await stopChild(running, 'SIGINT', postmasterPid() ?? running.pid)
  }

  // a free port can be taken by another process before the server binds it: try another, up to three times
  for (let attempt = 1; ; attempt++) {
    try {
      await start()
      break
    } catch (error) {
      const taken = /already in use/i.test((error as Error).message)
      if (attempt === 3 || !taken || options.port !== undefined) {
        rmSync(folder, { recursive: true, force: true })
        throw error
      }
      port = await freePort()
    }
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    async destroy() {
      await stop()
      rmSync(folder, { recursive: true, force: true })
    },
    pid: () => (child ? postmasterPid() : undefined),
  }
}

/**
 * The data folder initdb makes, once per machine and PostgreSQL build (named by its version and this user), in the
 * temporary folder; made aside and renamed into place, so a server never copies a half-made one.
 */
function pristineData(initdb: string): string {
  const pristine = path.join(tmpdir(), pristineName(initdb))
  // checked at each start, not remembered: a folder removed during the run is made again
  if (existsSync(path.join(pristine, 'PG_VERSION'))) return pristine
  const making = mkdtempSync(path.join(tmpdir(), 'pg-initdb-making-'))
  try {
    if (asRoot) chownSync(making, postgresUser().uid, postgresUser().gid)
    const made = path.join(making, 'data')
    execFileSync(
      ...command(initdb, ['-D', made, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']),
      {
        stdio: 'pipe',
      },
    )
    try {
      renameSync(made, pristine)
    } catch (error) {
      // another test process renamed its copy first: use that one
      if (!existsSync(path.join(pristine, 'PG_VERSION'))) throw error
    }
  } finally {
    rmSync(making, { recursive: true, force: true })
  }
  return pristine
}

/**
 * Whether the server with its socket in `folder` accepts connections (pg_isready exits 0). It opens that socket
 * after its TCP one, so TCP on the port is this server's too.
 */
function accepting(folder: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      path.join(POSTGRES_BIN, 'pg_isready'),
      ['-q', '-h', folder, '-p', String(port), '-U', 'postgres', '-t', '1'],
      (error) => resolve(error === null),
    )
  })
}

/** The pristine folder's name, from initdb's version: asked once per process (a spawn per start before). */
let pristineNameKept: string | undefined
function pristineName(initdb: string): string {
  if (pristineNameKept === undefined) {
    const version = execFileSync(initdb, ['--version']).toString().trim()
    const key = createHash('sha256').update(version).digest('hex').slice(0, 12)
    pristineNameKept = `pg-initdb-${key}-uid${process.getuid?.() ?? 0}`
  }
  return pristineNameKept
}

/** The `postgres` user's ids, asked once per process: a start asked `id` four times (chown, then the server's user). */
let postgresIds: { uid: number; gid: number } | undefined
function postgresUser(): { uid: number; gid: number } {
  postgresIds ??= { uid: idOf('-u'), gid: idOf('-g') }
  return postgresIds
}

function idOf(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres']).toString().trim())
}
