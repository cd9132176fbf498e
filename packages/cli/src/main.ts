// The binary's entry: wires the real process to runCli. Bundled into dist/routewright.js.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCli } from './cli.ts'

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
  // the worker is a sibling entry of this bundle; run from source (no bundle) everything stays in one thread
  const workerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'validate-worker.js')
  const code = await runCli(argv, {
    ...(existsSync(workerScript) && import.meta.url.endsWith('.js') ? { workerScript } : {}),
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color,
  })
  // exitCode, not exit(): lets piped stdout drain before the process ends
  process.exitCode = code
}
