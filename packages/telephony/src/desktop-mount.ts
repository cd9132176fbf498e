// Mounts the agent desktop (its API and the built app under /desktop/) on the bridge's port when this build has
// it: the desktop's modules are B2's part of the package, loaded by name so the bridge runs without them.
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { HttpHandler } from './bridge-server.ts'
import type { CallControl } from './call-control.ts'
import type { Timers } from './timers.ts'

export const DESKTOP_DIST = path.resolve(import.meta.dirname, '../../../apps/agent-desktop/dist')

/**
 * What the desktop API is made with: DesktopApiOptions' serveUrl, calls, bridgeName, bridges, log, clock and
 * maxTargetSearches.
 */
export interface DesktopMountOptions {
  serveUrl: string
  calls: CallControl
  bridgeName?: string
  bridges?: () => readonly string[]
  /** The bridge's log: the desktop's failures nobody waits for (serve not taking a signed-out agent's logout). */
  log?: (message: string, fields?: Record<string, unknown>) => void
  /** The bridge's clock (DesktopApiOptions.now and timers): the sessions' times, the heartbeat and the sync with serve. */
  now?: () => number
  timers?: Timers
  /** DesktopApiOptions.maxTargetSearches: transfer searches reading serve at once (a whole number from 1, checked at start). */
  maxTargetSearches?: number
}

interface DesktopModules {
  createDesktopApi(options: DesktopMountOptions): HttpHandler
  serveDesktopStatic(options: { root: string }): HttpHandler
}

/** The desktop's handlers, or none when its modules are not part of this build. */
export async function desktopHandlers(options: DesktopMountOptions): Promise<HttpHandler[]> {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  let modules: DesktopModules
  try {
    const [api, statics] = await Promise.all([
      import(/* @vite-ignore */ `./desktop-api${extension}`),
      import(/* @vite-ignore */ `./desktop-static${extension}`),
    ])
    modules = { ...api, ...statics } as DesktopModules
  } catch {
    return []
  }
  const handlers = [modules.createDesktopApi(options)]
  if (existsSync(DESKTOP_DIST)) handlers.push(modules.serveDesktopStatic({ root: DESKTOP_DIST }))
  return handlers
}
