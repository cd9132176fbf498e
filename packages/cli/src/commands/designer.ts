// routewright designer: starts the designer's local server (the built apps/designer) on a workspace, optionally
// with a history store for its Reports view and a running serve for its Monitor view; flags are checked by the
// designer server itself, which says what is wrong.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'

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

export const designerCommand: Command = {
  name: 'designer',
  summary: 'Open the visual designer on a workspace (with Reports from a store and a live Monitor of serve)',
  usage:
    'routewright designer [--workspace <dir>] [--port <n>] [--host <address>] [--store <sqlite:FILE|postgres://...>] [--serve <url>] [--no-open]',
  flags: {
    workspace: {
      type: 'string',
      valueName: '<dir>',
      description: 'Folder of strategies (default: examples/)',
    },
    port: { type: 'string', valueName: '<n>', description: 'Port (default 5173; 0 picks a free one)' },
    host: { type: 'string', valueName: '<address>', description: 'Address to bind (default 127.0.0.1)' },
    store: {
      type: 'string',
      valueName: '<sqlite:FILE|postgres://...>',
      description: 'History store the Reports view reads (the one serve --store writes)',
    },
    serve: {
      type: 'string',
      valueName: '<url>',
      description:
        'A running routewright serve for the Monitor view (start it with --allow-origin <designer URL>)',
    },
    'no-open': { type: 'boolean', description: 'Do not open a browser' },
  },
  details: [
    'The designer ships with the Routewright repository: run `npm run build` there first.',
    '',
    'Example:',
    '  routewright serve --workspace examples --allow-origin http://127.0.0.1:5173 &',
    '  routewright designer --workspace examples --store sqlite:history.db --serve http://127.0.0.1:8380',
  ].join('\n'),
  async run(args, io) {
    if (args.positionals.length > 0)
      throw new UsageError(
        `designer takes no file arguments (got ${args.positionals.join(' ')})`,
        'Use --workspace <dir>',
      )
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
    if (args.flags['no-open'] === true) argv.push('--no-open')
    const child = spawn(process.execPath, argv, {
      cwd: io.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...env },
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
