// Starts a real, throw-away redis-server on a free loopback port for a test or a bench; fails loudly when the
// binary is missing. Readiness is a raw PING on the socket, so this needs no Redis client.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { freePort, waitFor } from '../ports.ts'
import { collectOutput, stopChild } from './children.ts'

export const REDIS_SERVER = '/usr/bin/redis-server'

export interface RedisServer {
  url: string
  port: number
  stop(): Promise<void>
}

/** A server on a free loopback port; `port` starts one on that port again (a Redis restart in a test). */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} not found: these tests need a real Redis server. Install it with "apt-get install -y redis-server".`,
    )
  }
  port ??= await freePort()
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const output = collectOutput(child)
  const listening = port
  let exited = false
  try {
    await waitFor(
      `redis-server on port ${port}`,
      () => {
        exited = child.exitCode !== null
        if (exited) throw new Error(`redis-server exited with ${child.exitCode}:\n${output()}`)
        return answersPing(listening)
      },
      10_000,
    )
  } catch (error) {
    if (exited) throw error
    child.kill('SIGKILL')
    throw new Error(`redis-server on port ${port} did not answer within 10 s:\n${output()}`)
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopChild(child, 'SIGTERM') }
}

/** Whether a Redis server on the loopback port answers PING with PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    let reply = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      reply += String(chunk)
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'))
    })
  })
}
