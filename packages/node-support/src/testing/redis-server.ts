// Starts a real, throw-away redis-server on a free loopback port for a test or a bench; fails loudly when the
// binary is missing. Readiness is a raw INFO on the socket naming this server's pid (another process's Redis that
// took the port first answers PING too), so this needs no Redis client.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { freePort, waitFor } from '../ports.ts'
import { tiedCommand } from '../tied-child.ts'
import { collectOutput, stopChild } from './children.ts'

export const REDIS_SERVER = '/usr/bin/redis-server'

export interface RedisServer {
  url: string
  port: number
  stop(): Promise<void>
}

export interface RedisServerOptions {
  /** Starts it on this port (a Redis restart in a test) instead of a free one. */
  port?: number
  /** Commands the server does not have (`rename-command X ""`): an older Redis's, to run a fallback for real. */
  withoutCommands?: readonly string[]
}

/**
 * A server on a free loopback port; a number is `{ port }`. A free port can be taken by another process before the
 * server binds it (tests of other packages run beside this one): then it tries another, up to three times.
 */
export async function startRedisServer(options: RedisServerOptions | number = {}): Promise<RedisServer> {
  const { port, withoutCommands = [] } = typeof options === 'number' ? { port: options } : options
  const bad = withoutCommands.find((name) => !/^[A-Za-z][A-Za-z|_-]*$/.test(name))
  if (bad !== undefined)
    throw new Error(
      `startRedisServer: withoutCommands holds ${JSON.stringify(bad)}, not a command name such as "BLMPOP"`,
    )
  const removed = withoutCommands.flatMap((name) => ['--rename-command', name, ''])
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} not found: these tests need a real Redis server. Install it with "apt-get install -y redis-server".`,
    )
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(port ?? (await freePort()), removed)
    } catch (error) {
      const taken = error instanceof PortTakenError
      if (!taken || port !== undefined || attempt === 3) throw taken ? new Error(error.message) : error
    }
  }
}

class PortTakenError extends Error {}

async function startOn(port: number, extraArgs: readonly string[]): Promise<RedisServer> {
  const child: ChildProcess = spawn(
    ...tiedCommand(REDIS_SERVER, [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      ...extraArgs,
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const output = collectOutput(child)
  let failed: Error | undefined
  child.once('error', (error) => {
    failed = error
  })
  let exited = false
  try {
    await waitFor(
      `redis-server on port ${port}`,
      () => {
        if (failed) throw failed
        exited = child.exitCode !== null
        if (exited) {
          const message = `redis-server exited with ${child.exitCode}:\n${output()}`
          throw /already in use/i.test(output()) ? new PortTakenError(message) : new Error(message)
        }
        return child.pid !== undefined && answersAsPid(port, child.pid)
      },
      10_000,
    )
  } catch (error) {
    if (exited || failed) throw error
    child.kill('SIGKILL')
    throw new Error(`redis-server on port ${port} did not answer within 10 s:\n${output()}`)
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopChild(child, 'SIGTERM') }
}

/** Whether the Redis server on the loopback port answers INFO, and is the process `pid` (not another's). */
function answersAsPid(port: number, pid: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    let reply = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('INFO server\r\n'))
    socket.on('data', (chunk) => {
      reply += String(chunk)
      if (reply.startsWith('-')) return done(false) // an error reply: loading, or not a Redis at all
      const found = /\r\nprocess_id:(\d+)\r\n/.exec(reply)
      if (found) done(Number(found[1]) === pid)
    })
  })
}
