// A vitest globalSetup for the browser tests: one folder for the run's private copies of the built designer (see
// servedDistFor in harness.ts), given to every file (`inject('designerServedRoot')`) and removed when the run ends.
import { mkdtemp, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the harness copies a build once per run (dist/ itself may be emptied by a concurrent `vite build`). */
    designerServedRoot: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'rw-e2e-served-')))
  project.provide('designerServedRoot', root)
  return () => rm(root, { recursive: true, force: true })
}
