// Builds the history writer thread (dist/recorder-worker.js) when it is missing or older than the sources: the
// recorder's tests, and serve's, start it as a worker thread, which cannot load the TypeScript.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const packageRoot = path.resolve(import.meta.dirname, '..')

export default function setup(): void {
  const output = path.join(packageRoot, 'dist/recorder-worker.js')
  const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0
  const src = path.join(packageRoot, 'src')
  const newest = Math.max(...readdirSync(src).map((name) => statSync(path.join(src, name)).mtimeMs))
  if (newest <= builtAt) return
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  execFileSync(npm, ['run', 'build', '-w', '@routewright/history'], {
    cwd: path.resolve(packageRoot, '../..'),
    stdio: 'inherit',
  })
}
