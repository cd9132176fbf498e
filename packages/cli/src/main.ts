// The binary's entry: wires the real process to runCli. Bundled into dist/routewright.js.
import { runCli } from './cli.ts'

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
  const code = await runCli(argv, {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color,
  })
  // exitCode, not exit(): lets piped stdout drain before the process ends
  process.exitCode = code
}
