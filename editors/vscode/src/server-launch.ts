// How the extension starts its language server: the bundled one, or the `routewright.server.path` the user set,
// checked first so a wrong path says what is wrong instead of a bare spawn error (or nothing).
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'

export type ServerLaunch =
  /** `module`: a JavaScript file VS Code runs with its own Node (the bundled server.mjs, or a configured .mjs). */
  { ok: true; kind: 'module' | 'command'; path: string; args: string[] } | { ok: false; message: string }

const ARGS = ['lsp', '--stdio']

/**
 * What to start for the setting `configured` ('' for the bundled server at `bundled`); a relative path is read from
 * the first workspace folder (VS Code's own working folder is not the user's), `~/` from the home folder.
 */
export function serverLaunch(
  configured: string,
  bundled: string,
  folders: readonly string[],
  home: string,
): ServerLaunch {
  const setting = configured.trim()
  if (setting === '') return { ok: true, kind: 'module', path: bundled, args: ARGS }
  const expanded = setting === '~' || setting.startsWith('~/') ? path.join(home, setting.slice(1)) : setting
  const resolved = path.resolve(folders[0] ?? home, expanded)
  const shown = resolved === setting ? `"${setting}"` : `"${setting}" (${resolved})`
  const fix =
    'Set it to a routewright binary (`npm i -D @routewright/cli` gives node_modules/.bin/routewright), or clear it to use the server bundled with the extension.'
  let stat: ReturnType<typeof statSync>
  try {
    stat = statSync(resolved)
  } catch {
    return { ok: false, message: `Routewright: routewright.server.path ${shown} does not exist. ${fix}` }
  }
  if (!stat.isFile())
    return { ok: false, message: `Routewright: routewright.server.path ${shown} is not a file. ${fix}` }
  // a JavaScript entry (routewright.mjs) runs with the editor's Node: it needs no execute bit, also on Windows
  if (/\.[cm]?js$/i.test(resolved)) return { ok: true, kind: 'module', path: resolved, args: ARGS }
  try {
    accessSync(resolved, constants.X_OK)
  } catch {
    return {
      ok: false,
      message: `Routewright: routewright.server.path ${shown} is not executable: run \`chmod +x\` on it, or ${fix.charAt(0).toLowerCase()}${fix.slice(1)}`,
    }
  }
  return { ok: true, kind: 'command', path: resolved, args: ARGS }
}
