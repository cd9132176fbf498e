// A vitest globalSetup for the browser tests: one folder for the run's private copies of the built designer (see
// servedDistFor in harness.ts), given to every file (`inject('designerServedRoot')`) and removed when the run ends;
// and the builds the sessions serve, checked (and made when stale) once before any file starts.
import { mkdtemp, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ensureServerBundle } from './harness.ts'
import { ensureTestBuild } from './test-build.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the harness copies a build once per run (dist/ itself may be emptied by a concurrent `vite build`). */
    designerServedRoot: string
    /** The builds this run checked before its files: sessions serve them as they were then, without asking again. */
    designerBuildsChecked: { testBuild: boolean; serverBundle: boolean }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // here, not at each worker's first file: both workers found a stale build and each rebuilt it (a clean clone
  // built the test build and the server bundle twice each, side by side on 2 cores)
  const testBuild = !process.env.RW_E2E_DIST
  if (testBuild) await ensureTestBuild()
  await ensureServerBundle()
  project.provide('designerBuildsChecked', { testBuild, serverBundle: true })
  const root = await realpath(await mkdtemp(join(tmpdir(), 'rw-e2e-served-')))
  project.provide('designerServedRoot', root)
  return () => rm(root, { recursive: true, force: true })
}
