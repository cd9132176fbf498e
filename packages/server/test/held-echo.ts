// A history kit whose writer threads boot only once a gate opens: serve's monitor echo held at its boot, as on a
// loaded host where the boot takes seconds (a start and a stop must not wait for it).
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import * as history from '@routewright/history'
import type { HistoryKit } from '../src/history/history-kit.ts'

export interface HeldEcho {
  kit: HistoryKit
  /** Lets the threads boot; a thread still held at the end of a test must be let go, or it polls on. */
  open(): void
  opened(): boolean
}

/** The real writer thread behind a gate file in `folder`. */
export function heldEcho(folder: string): HeldEcho {
  const gate = path.join(folder, 'gate')
  const held = path.join(folder, 'held-worker.mjs')
  const real = pathToFileURL(history.recorderWorkerScript()!).href
  writeFileSync(
    held,
    `import { existsSync } from 'node:fs'
while (!existsSync(${JSON.stringify(gate)})) await new Promise((resolve) => setTimeout(resolve, 10))
await import(${JSON.stringify(real)})
`,
  )
  let opened = false
  return {
    kit: {
      ...history,
      createHistoryRecorder: (options) => history.createHistoryRecorder({ ...options, workerScript: held }),
    },
    open() {
      opened = true
      writeFileSync(gate, '')
    },
    opened: () => opened,
  }
}
