// The designer's local HTTP server: static build + workspace API + change stream, bound to loopback by default.
import { existsSync } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { ReportClock } from '@routewright/history'
import { allowedHostHeaders, listenFailure, openableHost } from '@routewright/node-support/listen-address'
import { checkAccessToken, MIN_TOKEN_LENGTH } from './access-token.ts'
import { createDesignerApi } from './designer-api.ts'
import { checkSameOrigin, sendError, sendJson } from './http-io.ts'
import { serveStatic } from './static-files.ts'

export interface DesignerServerOptions {
  workspace: string
  /** Folder with the built designer (index.html + assets). */
  dist: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  pollIntervalMs?: number
  /** false: notice external changes by polling only. */
  useFsWatch?: boolean
  maxBodyBytes?: number
  /** Every request must carry it (header, cookie or ?token=); required when `host` is not loopback. */
  token?: string
  /** Host names (optionally `name:port`) clients use to reach a non-loopback server; required there. */
  allowedHosts?: readonly string[]
  /** The history store the Reports view reads (`sqlite:FILE`, `postgres://...`). */
  store?: string
  /** serve's URL, the Monitor view's default. */
  serve?: string
  /** The reports' now (a state still open counts up to it); default the real clock, a fixed one in tests. */
  reportsClock?: ReportClock
  /** Where the store's warnings at its open are said (the command line's stderr); default stderr. */
  onWarning?: (message: string) => void
}

export interface DesignerServer {
  url: string
  port: number
  host: string
  /** Absolute real path of the workspace folder. */
  workspace: string
  server: Server
  close(): Promise<void>
}

/** Thrown for setup problems the CLI turns into one clear line and a non-zero exit. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StartupError'
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.')
}

/** A server reachable from the network must know who may call it and under which names. */
function checkExposure(host: string, options: DesignerServerOptions): void {
  if (isLoopbackHost(host)) return
  if (options.token === undefined || options.token.length < MIN_TOKEN_LENGTH) {
    throw new StartupError(
      `Listening on ${host} exposes the workspace to the network: pass --token <secret> of at least ` +
        `${MIN_TOKEN_LENGTH} characters (or set ROUTEWRIGHT_DESIGNER_TOKEN).`,
    )
  }
  if (options.allowedHosts === undefined || options.allowedHosts.length === 0) {
    throw new StartupError(
      `Listening on ${host} needs the host names clients will use: pass --allowed-host <name> (repeatable).`,
    )
  }
}

async function checkFolders(options: DesignerServerOptions): Promise<string> {
  const info = await stat(options.workspace).catch(() => undefined)
  if (info === undefined) throw new StartupError(`Workspace folder ${options.workspace} does not exist.`)
  if (!info.isDirectory()) throw new StartupError(`Workspace ${options.workspace} is not a folder.`)
  if (!existsSync(join(options.dist, 'index.html'))) {
    throw new StartupError(
      `The designer is not built (no ${join(options.dist, 'index.html')}): run \`npm run build\` first.`,
    )
  }
  return realpath(options.workspace)
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      const failure = listenFailure(error, host, port)
      reject(failure ? new StartupError(`${failure.reason}. ${failure.fix}`) : error)
    }
    const onListening = () => {
      server.off('error', onError)
      resolve((server.address() as AddressInfo).port)
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

export async function startDesignerServer(options: DesignerServerOptions): Promise<DesignerServer> {
  const workspace = await checkFolders(options)
  const host = options.host ?? '127.0.0.1'
  checkExposure(host, options)
  const { token } = options
  const api = await createDesignerApi({
    workspace,
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.useFsWatch !== undefined ? { useFsWatch: options.useFsWatch } : {}),
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.store !== undefined ? { store: options.store } : {}),
    ...(options.serve !== undefined ? { serve: options.serve } : {}),
    ...(options.reportsClock !== undefined ? { reportsClock: options.reportsClock } : {}),
    ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
  })
  const server = createServer((req, res) => {
    const raw = req.url ?? '/'
    if (!raw.startsWith('/')) {
      sendJson(res, 400, { error: { code: 'bad-request', message: 'Request paths must start with "/".' } })
      return
    }
    const url = new URL(`http://server${raw}`)
    if (token !== undefined) {
      if (!isLoopbackHost(host)) {
        // pages too: on the network a foreign Host means DNS rebinding or a wrong address, never this server
        try {
          checkSameOrigin(req, api.policy)
        } catch (error) {
          req.resume()
          sendError(res, error)
          return
        }
      }
      if (!checkAccessToken(req, res, url, token)) return
    }
    if (api.owns(url.pathname)) {
      void api.handle(req, res, url)
      return
    }
    void serveStatic(options.dist, req, res, url.pathname).catch(() => res.destroy())
  })
  let port: number
  try {
    port = await listen(server, host, options.port ?? 5173)
  } catch (error) {
    api.close()
    throw error
  }
  api.policy.allowedHosts = allowedHostHeaders(host, port, options.allowedHosts ?? [])
  return {
    url: `http://${openableHost(host)}:${port}/${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`,
    port,
    host,
    workspace,
    server,
    close() {
      api.close()
      return new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
