// The workspace API as a request handler: store + watcher + event hub, mountable in our server or vite's dev server.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ReportClock } from '@routewright/history'
import { MAX_BODY_BYTES, SSE_EVENTS } from '../src/api/protocol.ts'
import { type ApiContext, handleApi } from './http-api.ts'
import type { OriginPolicy } from './http-io.ts'
import { workspaceDirectory } from './report-directory.ts'
import { createReportsApi } from './reports-api.ts'
import { createSseHub } from './sse-hub.ts'
import { createWorkspaceStore } from './workspace-store.ts'
import { createWorkspaceWatcher } from './workspace-watch.ts'

export interface DesignerApiOptions {
  /** Absolute real path of the workspace folder. */
  workspace: string
  pollIntervalMs?: number
  /** false: notice external changes by polling only. */
  useFsWatch?: boolean
  maxBodyBytes?: number
  /** The history store reports read (`sqlite:FILE`, `postgres://...`). */
  store?: string
  /** serve's URL, offered to the Monitor view. */
  serve?: string
  /** The reports' now; default the real clock. */
  reportsClock?: ReportClock
  /** Where the store's warnings at its open are said (a URL option the store's own replaces); default stderr. */
  onWarning?: (message: string) => void
}

export interface DesignerApi {
  /** Host names accepted on requests; set once the port is known. `undefined` accepts any Host. */
  policy: { allowedHosts: OriginPolicy['allowedHosts'] }
  /** True for URLs under /api that this handler answers. */
  owns(pathname: string): boolean
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>
  close(): void
}

export async function createDesignerApi(options: DesignerApiOptions): Promise<DesignerApi> {
  const hub = createSseHub()
  const watcher = await createWorkspaceWatcher({
    root: options.workspace,
    onChange: (change) => hub.broadcast(SSE_EVENTS.change, change),
    ...(options.pollIntervalMs !== undefined ? { intervalMs: options.pollIntervalMs } : {}),
    ...(options.useFsWatch !== undefined ? { useFsWatch: options.useFsWatch } : {}),
  })
  const store = createWorkspaceStore(options.workspace, {
    announce: (path, version, origin) => watcher.expect(path, version, origin),
  })
  const reports = createReportsApi({
    ...(options.store !== undefined ? { store: options.store } : {}),
    ...(options.serve !== undefined ? { serve: options.serve } : {}),
    ...(options.reportsClock !== undefined ? { clock: options.reportsClock } : {}),
    directory: () => workspaceDirectory(store),
    onWarning: options.onWarning ?? ((message) => process.stderr.write(`warning: ${message}\n`)),
  })
  const context: ApiContext = {
    reports,
    store,
    watcher,
    hub,
    policy: { allowedHosts: undefined },
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
  }
  return {
    policy: context.policy,
    owns: (pathname) => pathname === '/api' || pathname.startsWith('/api/'),
    handle: (req, res, url) => handleApi(req, res, url, context),
    close() {
      watcher.close()
      hub.close()
      void reports.close()
    },
  }
}
