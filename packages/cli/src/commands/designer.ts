// routewright designer: starts the designer's local server (the built apps/designer) on a workspace, optionally
// with a history store for its Reports view and a running serve for its Monitor view; flags are checked by the
// designer server itself, which says what is wrong.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { UsageError } from '../args.ts'
import type { CommandRunner } from '../command.ts'
import { isPostgresStore, requireStore, storeArgument } from '../store-argument.ts'
import { requireWorkspaceFolder } from '../workspace-folder.ts'

/** `ROUTEWRIGHT_DESIGNER_SERVER`, else apps/designer/dist-server/serve.mjs in the repository this CLI runs from. */
export function findDesignerServer(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const given = env.ROUTEWRIGHT_DESIGNER_SERVER
  if (given) return existsSync(given) ? given : undefined
  let folder = path.dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(folder, 'apps', 'designer', 'dist-server', 'serve.mjs')
    if (existsSync(candidate)) return candidate
    folder = path.dirname(folder)
  }
  return undefined
}

const PASSED = ['workspace', 'port', 'host', 'store', 'serve'] as const

/** What `routewright designer` does, loaded only when it runs; its flags and help are in specs/designer.ts. */
export const designerRunner: CommandRunner = {
  async run(args, io) {
    if (args.positionals.length > 0)
      throw new UsageError(
        `designer takes no file arguments (got ${args.positionals.join(' ')})`,
        'Use --workspace <dir>',
      )
    // the designer server said a bare "Error: Workspace folder ... does not exist." and exited 1
    if (typeof args.flags.workspace === 'string') await requireWorkspaceFolder(args.flags.workspace, io.cwd)
    // its Reports view found a PostgreSQL store out of reach, or a SQLite file that is no database, only on opening
    // it, with the browser already up (a location that is neither is said by the designer's server)
    const store = args.flags.store
    if (typeof store === 'string' && (isPostgresStore(store) || /^sqlite:./.test(store)))
      await requireStore(storeArgument(store, io.cwd))
    const env = io.env ?? process.env
    const server = findDesignerServer(env)
    if (server === undefined)
      throw new UsageError(
        'The designer is not built here (no apps/designer/dist-server/serve.mjs)',
        'Run `npm run build` in the Routewright repository, or set ROUTEWRIGHT_DESIGNER_SERVER to its serve.mjs',
      )
    const argv = [server]
    for (const name of PASSED) {
      const value = args.flags[name]
      if (typeof value === 'string') argv.push(`--${name}`, value)
    }
    for (const name of args.lists?.['allowed-host'] ?? []) argv.push('--allowed-host', name)
    if (args.flags['no-open'] === true) argv.push('--no-open')
    // the token goes by the environment the server also reads, not argv, which any local user can list (ps)
    const token = args.flags.token
    const child = spawn(process.execPath, argv, {
      cwd: io.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...env, ...(typeof token === 'string' ? { ROUTEWRIGHT_DESIGNER_TOKEN: token } : {}) },
    })
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => io.out(chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => io.err(chunk))
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
    const onInt = forward('SIGINT')
    const onTerm = forward('SIGTERM')
    process.on('SIGINT', onInt)
    process.on('SIGTERM', onTerm)
    return new Promise<number>((resolve) => {
      child.on('close', (code) => {
        process.off('SIGINT', onInt)
        process.off('SIGTERM', onTerm)
        resolve(code ?? 1)
      })
    })
  },
}
