// The designer server's command line: parse flags, start the server, print where it is, open a browser.
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { printable } from '@routewright/node-support/printable'
import { checkWorkspaceFolder } from '@routewright/node-support/workspace-folder'
import { parseCliArgs, USAGE } from './cli-args.ts'
import { type DesignerServer, isLoopbackHost, StartupError, startDesignerServer } from './designer-server.ts'

export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
  cwd: string
  env: Readonly<Record<string, string | undefined>>
  /** Where dist/ and examples/ are looked for by default: the folder holding the server (apps/designer/<x>/). */
  serverDir: string
}

export type CliOutcome = { exitCode: number } | { exitCode: undefined; server: DesignerServer }

function openBrowser(url: string, env: CliIo['env']): void {
  if (env.BROWSER === 'none' || env.CI !== undefined) return
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open'
  // no desktop session on Linux means no browser to open
  if (process.platform === 'linux' && env.DISPLAY === undefined && env.WAYLAND_DISPLAY === undefined) return
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true })
    child.on('error', () => {})
    child.unref()
  } catch {}
}

/** A relative SQLite file is relative to where the command ran, not to the server's folder. */
function resolveStore(spec: string, cwd: string): string {
  return spec.startsWith('sqlite:') && spec !== 'sqlite::memory:'
    ? `sqlite:${resolve(cwd, spec.slice(7))}`
    : spec
}

export async function runDesignerCli(argv: readonly string[], io: CliIo): Promise<CliOutcome> {
  const parsed = parseCliArgs(argv)
  if (!parsed.ok) {
    io.err(parsed.message)
    return { exitCode: 2 }
  }
  const { options } = parsed
  if (options.help) {
    io.out(USAGE)
    return { exitCode: 0 }
  }
  if (options.workspace !== undefined) {
    // in the CLI's words and exit code (a usage error): it was "Error: Workspace folder ... does not exist." (exit 1)
    const checked = await checkWorkspaceFolder(options.workspace, io.cwd)
    if (!checked.ok) {
      io.err(`error: ${checked.message}\nhint: ${checked.hint}`)
      return { exitCode: 2 }
    }
  }
  const store = options.store !== undefined ? resolveStore(options.store, io.cwd) : undefined
  if (store !== undefined) {
    // the CLI's check and words (exit 2), before the server starts: its Reports view found a PostgreSQL server out of
    // reach, or a SQLite file that is no database, only on opening it, with the browser already up
    const { checkStore } = await import('@routewright/history/operations')
    const problem = await checkStore(store)
    if (problem) {
      io.err(`error: ${problem.said}${problem.fix !== undefined ? `\nhint: ${problem.fix}` : ''}`)
      return { exitCode: 2 }
    }
  }
  const workspace = resolve(io.cwd, options.workspace ?? resolve(io.serverDir, '../../../examples'))
  const dist = resolve(io.cwd, options.dist ?? resolve(io.serverDir, '../dist'))
  if (!isLoopbackHost(options.host)) {
    io.err(
      `Warning: listening on ${options.host}: anyone who can reach this address and has the token can read and change ${workspace}.`,
    )
  }
  const token = options.token ?? io.env.ROUTEWRIGHT_DESIGNER_TOKEN
  try {
    const server = await startDesignerServer({
      workspace,
      dist,
      host: options.host,
      port: options.port,
      ...(token !== undefined && token !== '' ? { token } : {}),
      allowedHosts: options.allowedHosts,
      ...(store !== undefined ? { store } : {}),
      ...(options.serve !== undefined ? { serve: options.serve } : {}),
      // as the CLI's other notes (the network warning above): a line on stderr
      onWarning: (message) => io.err(`warning: ${printable(message)}`),
    })
    io.out(`Routewright designer: ${server.url} (workspace: ${server.workspace})`)
    if (options.open) openBrowser(server.url, io.env)
    return { exitCode: undefined, server }
  } catch (error) {
    if (error instanceof StartupError) {
      io.err(`Error: ${error.message}`)
      return { exitCode: 1 }
    }
    io.err(`Error: could not start the designer server: ${error instanceof Error ? error.message : error}`)
    return { exitCode: 1 }
  }
}
