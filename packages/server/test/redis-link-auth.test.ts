// A Redis that wants a password, on a real redis-server: a start without it or with a wrong one fails at once with
// what to change (it used to hang after the error, or blame a timeout), and the password never shows in a message.
import { type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoordinatorUnavailable, connectRedis } from '../src/core/redis-link.ts'

const PASSWORD = 'pw-s3cret'
let redis: RedisServer
let port: string
beforeAll(async () => {
  redis = await startRedisServer()
  const admin = await connectRedis(redis.url, () => {})
  await admin.send(['CONFIG', 'SET', 'requirepass', PASSWORD])
  await admin.close()
  port = new URL(redis.url).port
})
afterAll(async () => {
  await redis?.stop()
})

const refusal = async (start: Promise<unknown>) => {
  const error = await start.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(CoordinatorUnavailable)
  return (error as Error).message
}

describe('redis link: a Redis with a password', () => {
  it('refuses a start without the password, saying how to give it', async () => {
    const message = await refusal(createRedisCoordinator({ url: `redis://127.0.0.1:${port}` }))
    expect(message).toContain('NOAUTH')
    expect(message).toContain('redis://:PASSWORD@host:port')
  })

  it('refuses a wrong password by its name, and never shows it', async () => {
    const message = await refusal(connectRedis(`redis://:wrong-one@127.0.0.1:${port}`, () => {}))
    expect(message).toContain('WRONGPASS')
    expect(message).toContain(`redis://:***@127.0.0.1:${port}`)
    expect(message).not.toContain('wrong-one')
  })

  it('hides the password in the URL it shows (logs, 503 answers, /readyz)', async () => {
    const logs: string[] = []
    const link = await connectRedis(`redis://:${PASSWORD}@127.0.0.1:${port}`, (...line) =>
      logs.push(JSON.stringify(line)),
    )
    try {
      expect(await link.send(['PING'])).toBe('PONG')
      expect(link.url).toBe(`redis://:***@127.0.0.1:${port}`)
    } finally {
      await link.close()
    }
    expect(logs.join('\n')).not.toContain(PASSWORD)
  })
})
