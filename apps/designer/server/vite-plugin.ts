// Mounts the workspace API into vite's dev server, so `npm run dev` (hot reload) talks to real files too.
import { realpath } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { createDesignerApi, type DesignerApi } from './designer-api.ts'

export interface DesignerApiPluginOptions {
  /** Workspace folder; default $ROUTEWRIGHT_WORKSPACE or the repo's examples/. */
  workspace?: string
}

/**
 * @example
 * // apps/designer/vite.config.ts
 * plugins: [react(), designerApiPlugin()]
 */
export function designerApiPlugin(options: DesignerApiPluginOptions = {}): Plugin {
  let api: DesignerApi | undefined
  return {
    name: 'routewright-designer-api',
    apply: 'serve',
    async configureServer(server) {
      const chosen =
        options.workspace ??
        process.env.ROUTEWRIGHT_WORKSPACE ??
        resolve(import.meta.dirname, '../../../examples')
      const workspace = await realpath(resolve(chosen))
      const live = await createDesignerApi({ workspace })
      api = live
      // vite checks the Host header itself (server.allowedHosts); the API still refuses foreign Origins
      server.middlewares.use((req, res, next) => {
        const url = new URL(`http://server${req.url?.startsWith('/') ? req.url : '/'}`)
        if (!live.owns(url.pathname)) {
          next()
          return
        }
        void live.handle(req, res, url)
      })
      server.httpServer?.once('close', () => api?.close())
      server.config.logger.info(`  Routewright workspace API on ${workspace}`)
    },
  }
}
