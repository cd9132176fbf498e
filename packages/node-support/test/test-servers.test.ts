// The throw-away servers tests start: a redis-server is only "ready" when the server answering on its port is that
// process, not another Redis (or PostgreSQL) that took the port first (tests of other packages run beside these).
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../src/ports.ts'
import { type RedisServer, startPostgresServer, startRedisServer } from '../src/testing/index.ts'

let impostor: Server | undefined
let started: RedisServer | undefined
afterEach(async () => {
  await started?.stop()
  started = undefined
  await new Promise<void>((resolve) => (impostor ? impostor.close(() => resolve()) : resolve()))
  impostor = undefined
})

/** Answers every command line as another Redis would: PONG, and an INFO naming another process. */
async function listenAsAnotherRedis(port: number): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('data', (chunk) => {
      const info = '# Server\r\nredis_version:7.0.0\r\nprocess_id:1\r\ntcp_port:0\r\n'
      socket.write(String(chunk).startsWith('PING') ? '+PONG\r\n' : `$${info.length}\r\n${info}\r\n`)
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return server
}

describe('startRedisServer', () => {
  it('refuses a port another Redis answers on, instead of handing that one out', async () => {
    const port = await freePort()
    impostor = await listenAsAnotherRedis(port)
    await expect(
      startRedisServer(port).then((server) => {
        started = server
      }),
    ).rejects.toThrow(/redis-server exited with 1:[\s\S]*already in use/)
  })

  it('starts a server that answers as itself, and stops it', async () => {
    started = await startRedisServer()
    const { url, port } = started
    expect(url).toBe(`redis://127.0.0.1:${port}`)
    await started.stop()
    started = undefined
    // stopped: the port is free again
    impostor = await listenAsAnotherRedis(port)
  })

  it('refuses to remove something that is not a command name, before starting a server', async () => {
    await expect(startRedisServer({ withoutCommands: ['BLMPOP', 'LPOP x'] })).rejects.toThrow(
      'startRedisServer: withoutCommands holds "LPOP x", not a command name such as "BLMPOP"',
    )
  })
})

describe('startPostgresServer', () => {
  it('refuses a port another PostgreSQL answers on, instead of handing that one out', {
    timeout: 120_000,
  }, async () => {
    const first = await startPostgresServer()
    try {
      const port = Number(new URL(first.url).port)
      await expect(startPostgresServer({ port }).then((second) => second.destroy())).rejects.toThrow(
        /postgres exited with 1:[\s\S]*already in use/,
      )
    } finally {
      await first.destroy()
    }
  })

  it('names its postmaster while it runs (a bench counts its processes), and none once stopped', {
    timeout: 120_000,
  }, async () => {
    const server = await startPostgresServer()
    try {
      const pid = server.pid()
      expect(pid).toBeGreaterThan(0)
      // a PostgreSQL process (the postmaster, whose children are the backends), not this one or another
      expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('postgres')
      await server.stop()
      expect(server.pid()).toBeUndefined()
    } finally {
      await server.destroy()
    }
  })
})
