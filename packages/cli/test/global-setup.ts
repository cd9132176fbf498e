// Builds the packages the tests spawn (the CLI bundle and the built JavaScript of the packages it imports) when
// their output is missing or older than their sources.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../../..')
/** In dependency order: a package's output, and the sources it is built from. */
const PACKAGES: Array<{ name: string; output: string; src: string; bundles?: string[] }> = [
  {
    name: '@routewright/strategy-dsl',
    output: 'packages/strategy-dsl/dist/index.js',
    src: 'packages/strategy-dsl/src',
  },
  {
    name: '@routewright/strategy-runtime',
    output: 'packages/strategy-runtime/dist/index.js',
    src: 'packages/strategy-runtime/src',
  },
  { name: '@routewright/server', output: 'packages/server/dist/index.js', src: 'packages/server/src' },
  // bundled into the CLI from its built JavaScript (its `default` export condition)
  {
    name: '@routewright/node-support',
    output: 'packages/node-support/dist/index.js',
    src: 'packages/node-support/src',
  },
  // the CLI bundles the private helpers, so their sources make it stale too
  {
    name: '@routewright/cli',
    output: 'packages/cli/dist/routewright.js',
    src: 'packages/cli/src',
    bundles: ['packages/node-support/src', 'packages/language-server/src', 'packages/history/src'],
  },
]

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

export default function setup(): void {
  for (const pkg of PACKAGES) {
    const src = path.join(root, pkg.src)
    if (!existsSync(src)) continue
    const output = path.join(root, pkg.output)
    const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0
    // each output stands alone (the CLI imports the others' built files), so only stale ones are rebuilt
    const newest = Math.max(
      newestMtime(src),
      ...(pkg.bundles ?? []).map((dir) => newestMtime(path.join(root, dir))),
    )
    if (newest <= builtAt) continue
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    execFileSync(npm, ['run', 'build', '-w', pkg.name], { cwd: root, stdio: 'inherit' })
  }
}
