// The bridge's link to Kamailio's evapi module: one TCP connection carrying JSON in netstrings, both ways, in order.
import { connect, type Socket } from 'node:net'

export interface EvapiClient {
  send(message: Record<string, unknown>): void
  close(): void
}

export interface EvapiOptions {
  host: string
  port: number
  onMessage(message: Record<string, unknown>): void
  onError?(error: Error): void
}

/** Splits a byte stream into netstrings (`<len>:<data>,`); returns the complete ones and keeps the rest. */
export function createNetstringReader(): (chunk: Buffer) => string[] {
  let buffer: Buffer = Buffer.alloc(0)
  return (chunk) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
    const out: string[] = []
    for (;;) {
      const colon = buffer.indexOf(0x3a)
      if (colon < 0) break
      const length = Number(buffer.subarray(0, colon).toString('latin1'))
      if (!Number.isInteger(length) || length < 0 || colon > 10)
        throw new Error(
          `evapi: not a netstring: ${JSON.stringify(buffer.subarray(0, 20).toString('latin1'))}`,
        )
      if (buffer.length < colon + 1 + length + 1) break
      if (buffer[colon + 1 + length] !== 0x2c) throw new Error('evapi: netstring without its closing comma')
      out.push(buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'))
      buffer = buffer.subarray(colon + 2 + length)
    }
    return out
  }
}

export function netstring(text: string): string {
  return `${Buffer.byteLength(text)}:${text},`
}

/** Connects once Kamailio listens (retrying for `timeoutMs`). */
export async function connectEvapi(options: EvapiOptions, timeoutMs = 30_000): Promise<EvapiClient> {
  const deadline = Date.now() + timeoutMs
  let socket: Socket | undefined
  let lastError: Error | undefined
  while (!socket && Date.now() < deadline) {
    try {
      socket = await new Promise<Socket>((resolve, reject) => {
        const s = connect({ host: options.host, port: options.port }, () => {
          s.off('error', reject)
          resolve(s)
        })
        s.once('error', reject)
      })
    } catch (error) {
      lastError = error as Error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  if (!socket)
    throw new Error(
      `Kamailio's evapi at ${options.host}:${options.port} did not accept: ${lastError?.message}`,
    )
  const read = createNetstringReader()
  const live = socket
  live.setNoDelay(true)
  live.on('data', (chunk: Buffer) => {
    let texts: string[]
    try {
      texts = read(chunk)
    } catch (error) {
      options.onError?.(error as Error)
      live.destroy()
      return
    }
    for (const text of texts) {
      let message: unknown
      try {
        message = JSON.parse(text)
      } catch {
        options.onError?.(new Error(`evapi: not JSON: ${text.slice(0, 200)}`))
        continue
      }
      if (message && typeof message === 'object') options.onMessage(message as Record<string, unknown>)
    }
  })
  live.on('error', (error) => options.onError?.(error))
  return {
    send(message) {
      live.write(netstring(JSON.stringify(message)))
    },
    close() {
      live.destroy()
    },
  }
}
