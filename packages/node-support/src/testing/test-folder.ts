// A temporary folder one test owns: removed once the test passed, kept with its path printed when it failed, so
// the logs of a failure are found and /tmp does not fill with those of passing runs.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { onTestFinished } from 'vitest'

/** Makes `<tmpdir>/<prefix>XXXXXX` for the running test (call it inside a test, not at a file's top level). */
export function testFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  // runs after the test's afterEach hooks, so a stack writing into the folder has stopped by then
  onTestFinished((context) => {
    if (context.task.result?.state === 'fail') console.error(`test folder ${dir} (kept)`)
    else rmSync(dir, { recursive: true, force: true })
  })
  return dir
}
