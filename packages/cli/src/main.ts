// The binary's entry: wires the real process to runCli. Bundled into dist/routewright.js.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCli } from './cli.ts'
import { colorWanted } from './report/style.ts'

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // the worker is a sibling entry of this bundle; run from source (no bundle) everything stays in one thread
  const workerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'validate-worker.js')
  const code = await runCli(argv, {
    ...(existsSync(workerScript) && import.meta.url.endsWith('.js') ? { workerScript } : {}),
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: colorWanted({ env: process.env, isTTY: process.stdout.isTTY === true }),
    env: process.env,
    errIsTTY: process.stderr.isTTY === true,
    outIsTTY: process.stdout.isTTY === true,
    readStdin: (maxBytes) => readStream(process.stdin, maxBytes),
  })
  // exitCode, not exit(): lets piped stdout drain before the process ends
  process.exitCode = code
}

/** Reads a stream to its end, or stops (undefined) once it passes `maxBytes`. */
async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    total += bytes.length
    if (total > maxBytes) {
      stream.pause()
      return undefined
    }
    chunks.push(bytes)
  }
  return Buffer.concat(chunks, total)
}
