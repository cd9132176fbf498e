// `routewright <args>` run in this process: the built bundle's runCli (what the binary runs; loading it takes
// milliseconds where the sources take seconds to transform) wired as its main wires it, with no process start. For
// a command's own output; the binary's start, stdin, exit and colour on a pipe stay tested by spawning it.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { runCli as RunCli } from '../src/index.ts'
import { type RunResult, repoRoot } from './helpers.ts'

// loaded once as the test file is, not inside a test's time (global-setup.ts builds the bundle)
const { runCli } = (await import(pathToFileURL(path.join(repoRoot, 'packages/cli/dist/index.js')).href)) as {
  runCli: typeof RunCli
}
const workerScript = path.join(repoRoot, 'packages/cli/dist/validate-worker.js')

/**
 * Runs `routewright <args>` in `cwd` in this process and collects its output, as helpers' routewright does;
 * `outIsTTY` as main sets it when stdout is a terminal (a spawned binary's stdout is always a pipe).
 */
export async function routewrightInProcess(
  args: readonly string[],
  cwd: string,
  stdin?: string,
  { outIsTTY = false }: { outIsTTY?: boolean } = {},
): Promise<RunResult> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    workerScript,
    cwd,
    out: (text) => {
      stdout += text
    },
    err: (text) => {
      stderr += text
    },
    color: false, // what main decides with NO_COLOR=1 and stdout a pipe
    env: { ...process.env, NO_COLOR: '1' },
    errIsTTY: false,
    outIsTTY,
    readStdin: async (maxBytes) => {
      const bytes = Buffer.from(stdin ?? '')
      return bytes.length > maxBytes ? undefined : bytes
    },
  })
  return { code, stdout, stderr }
}
