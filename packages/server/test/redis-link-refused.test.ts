// A start against a Redis URL where nothing listens: one message that says the connection was refused and what to
// do, and no "answer 503 until it is back" line before the start gives up.
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { connectRedis } from '../src/core/redis-link.ts'

/** A loopback port that was free a moment ago: nothing accepts connections there. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('redis link start', () => {
  it('says a refused connection is refused, with what to do, and logs no outage for a start that gives up', async () => {
    const port = await closedPort()
    const lines: Array<{ level: string; message: string }> = []
    const failed = await connectRedis(`redis://127.0.0.1:${port}`, (level, message) =>
      lines.push({ level, message }),
    ).then(
      () => undefined,
      (error: Error) => error.message,
    )
    expect(failed).toBe(
      `Cannot connect to Redis at redis://127.0.0.1:${port}: nothing accepts connections at 127.0.0.1:${port} (connection refused). Start Redis there, or correct the host and port in the URL`,
    )
    expect(lines.map((line) => line.message)).not.toContain(
      'redis unreachable: routing commands answer 503 until it is back',
    )
  })
})
