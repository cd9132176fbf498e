// Starts a real, throw-away PostgreSQL cluster in a temporary folder on a free port (as the `postgres` user when
// run as root, since initdb refuses root); fails loudly when the binaries are missing. Stop it and start it again
// to test a store that goes away.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'

export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface PostgresServer {
  url: string
  /** Stops the server (fast shutdown), keeping its data. */
  stop(): Promise<void>
  /** Starts it again on the same port and data. */
  start(): Promise<void>
  /** Stops it and removes its folder. */
  destroy(): Promise<void>
}

function userPrefix(): { command: (bin: string) => [string, string[]] } {
  const asRoot = process.getuid?.() === 0
  return {
    command: (bin) => (asRoot ? ['runuser', ['-u', 'postgres', '--', bin]] : [bin, []]),
  }
}

export async function startPostgresServer(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  const initdb = path.join(POSTGRES_BIN, 'initdb')
  if (!existsSync(initdb)) {
    throw new Error(
      `${initdb} not found: the PostgreSQL store tests need a real server. Install it with "apt-get install -y postgresql".`,
    )
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-pg-'))
  if (process.getuid?.() === 0) {
    const [uid, gid] = ids()
    chownSync(folder, uid, gid)
  }
  const data = path.join(folder, 'data')
  const { command } = userPrefix()
  const [initCmd, initPre] = command(initdb)
  execFileSync(
    initCmd,
    [...initPre, '-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'],
    {
      stdio: 'pipe',
    },
  )
  const port = await freePort()
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  let child: ChildProcess | undefined
  let output = ''

  const start = async () => {
    const [cmd, pre] = command(path.join(POSTGRES_BIN, 'postgres'))
    const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=50']
    // tests do not need crash safety; the bench keeps PostgreSQL's defaults
    if (!options.durable) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off')
    child = spawn(cmd, [...pre, '-D', data, '-p', String(port), '-k', folder, ...settings], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.on('data', (chunk) => {
      output += String(chunk)
    })
    child.stderr?.on('data', (chunk) => {
      output += String(chunk)
    })
    const deadline = Date.now() + 20_000
    for (;;) {
      if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}:\n${output}`)
      const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
      try {
        await probe.connect()
        await probe.end()
        return
      } catch {
        await probe.end().catch(() => {})
        if (Date.now() > deadline)
          throw new Error(`postgres on port ${port} did not answer in 20 s:\n${output}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  }

  const stop = async () => {
    const running = child
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    // signal the postmaster itself (runuser may sit between us and it): SIGINT is a fast shutdown
    const pidFile = path.join(data, 'postmaster.pid')
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : running.pid
    if (pid) process.kill(pid, 'SIGINT')
    await exited
    child = undefined
  }

  await start()
  return {
    url,
    stop,
    start,
    async destroy() {
      await stop()
      rmSync(folder, { recursive: true, force: true })
    },
  }
}

function ids(): [number, number] {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
  return [uid, gid]
}
