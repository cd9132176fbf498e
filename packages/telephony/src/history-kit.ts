// The history functions serve needs for alarms.yaml and the monitor. @routewright/history ships TypeScript only (the
// CLI bundles it), so a plain-Node run of this package (`npm run demo:sip`) loads its build, as the benchmarks do.
import type { ServeOptions } from '@routewright/server'

export type HistoryKit = NonNullable<ServeOptions['historyKit']>

/** packages/history/dist/index.js, the same path from this package's src/ and dist/. */
export const BUILT_HISTORY = new URL('../../history/dist/index.js', import.meta.url)

/** The built @routewright/history; says to build when it is missing. */
export async function loadBuiltHistoryKit(): Promise<HistoryKit> {
  try {
    return (await import(BUILT_HISTORY.href)) as HistoryKit
  } catch (error) {
    throw new Error(
      `serve needs @routewright/history's build for the workspace's alarms.yaml: run \`npm run build\` first (${BUILT_HISTORY.pathname}: ${error instanceof Error ? error.message : String(error)})`,
    )
  }
}
