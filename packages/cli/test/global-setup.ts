// Builds the CLI bundle before the tests spawn it, when it is missing or older than any source it bundles.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../../..')
const bundle = path.join(root, 'packages/cli/dist/routewright.js')
const sources = [
  'packages/cli/src',
  'packages/strategy-dsl/src',
  'packages/strategy-runtime/src',
  'packages/history/src',
].map((dir) => path.join(root, dir))

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

export default function setup(): void {
  const builtAt = existsSync(bundle) ? statSync(bundle).mtimeMs : 0
  const stale = sources.some((dir) => existsSync(dir) && newestMtime(dir) > builtAt)
  if (!stale) return
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.config.ts'],
    {
      cwd: path.join(root, 'packages/cli'),
      stdio: 'inherit',
    },
  )
}
