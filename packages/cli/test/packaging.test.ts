// The published shape: each package packed with `npm pack`, installed from the tarballs alone into an empty folder
// (offline: a lockfile built from the repository's pins the npm dependencies to the local cache), then used from
// a plain .mjs on Node, from TypeScript (the READMEs' snippets too), and through `npx routewright`.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const PACKAGES = ['node-support', 'strategy-dsl', 'strategy-runtime', 'server', 'cli'].map((p) =>
  path.join(root, 'packages', p),
)
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
let dir: string
let app: string

interface LockEntry {
  version?: string | undefined
  dependencies?: Record<string, string>
  [key: string]: unknown
}

/**
 * npm here writes locks without `resolved` (omit-lockfile-registry-resolved); an offline install then needs each
 * package's registry metadata in the cache. With the tarball's address and integrity it needs only the tarball.
 */
function withResolved(key: string, entry: LockEntry): LockEntry {
  if (entry.resolved || typeof entry.version !== 'string') return entry
  const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)
  const base = name.includes('/') ? name.split('/')[1] : name
  return { ...entry, resolved: `https://registry.npmjs.org/${name}/-/${base}-${entry.version}.tgz` }
}

/** What npm ci expects in the lock for an entry: its dependencies and the optional ones the repository has. */
const optionalOnly = new Set<string>()
function dependencyNames(entry: LockEntry): string[] {
  const optional = Object.keys((entry.optionalDependencies as Record<string, string> | undefined) ?? {})
  for (const name of optional) optionalOnly.add(name)
  return [...Object.keys(entry.dependencies ?? {}), ...optional]
}

/** The lockfile of an app that depends on the tarballs: our packages from files, the rest as the repo pins them. */
function lockfile(tarballs: Array<{ name: string; filename: string; integrity: string }>): unknown {
  const repoLock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>
  }
  const packages: Record<string, LockEntry> = {}
  const dependencies: Record<string, string> = {}
  const pending: string[] = []
  for (const tarball of tarballs) {
    const manifest = JSON.parse(
      readFileSync(path.join(root, 'packages', tarball.name.split('/')[1]!, 'package.json'), 'utf8'),
    ) as LockEntry & { bin?: unknown; license?: string }
    const resolved = `file:tarballs/${tarball.filename}`
    dependencies[tarball.name] = resolved
    packages[`node_modules/${tarball.name}`] = {
      version: manifest.version,
      resolved,
      integrity: tarball.integrity,
      license: manifest.license,
      ...(manifest.dependencies ? { dependencies: manifest.dependencies } : {}),
      ...(manifest.bin ? { bin: manifest.bin } : {}),
    }
    pending.push(...Object.keys(manifest.dependencies ?? {}))
  }
  while (pending.length > 0) {
    const name = pending.pop()!
    const key = `node_modules/${name}`
    if (packages[key]) continue
    const entry = repoLock.packages[key]
    if (!entry && optionalOnly.has(name)) continue // an optional package this platform does not install
    if (!entry) throw new Error(`${name} is not in the repository's package-lock.json`)
    packages[key] = withResolved(key, entry)
    pending.push(...dependencyNames(entry))
    // a dependency may keep its own copies of others (node_modules/x/node_modules/y): they come along
    for (const [nestedKey, nested] of Object.entries(repoLock.packages)) {
      if (!nestedKey.startsWith(`${key}/node_modules/`)) continue
      packages[nestedKey] = withResolved(nestedKey, nested)
      const own = (name: string) => repoLock.packages[`${key}/node_modules/${name}`] !== undefined
      pending.push(...dependencyNames(nested).filter((name) => !own(name)))
    }
  }
  packages[''] = { name: 'app', dependencies }
  return { name: 'app', lockfileVersion: 3, requires: true, packages }
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rw-pack-'))
  app = path.join(dir, 'app')
  const tarballs = path.join(app, 'tarballs')
  mkdirSync(tarballs, { recursive: true })
  const packed = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--pack-destination', tarballs, ...PACKAGES], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as Array<{ name: string; filename: string; integrity: string; files: Array<{ path: string }> }>
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({
      name: 'app',
      private: true,
      type: 'module',
      dependencies: Object.fromEntries(packed.map((p) => [p.name, `file:tarballs/${p.filename}`])),
    }),
  )
  writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify(lockfile(packed), null, 2))
  execFileSync(npm, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: app,
    stdio: 'pipe',
  })
}, 120_000)

// the installed app holds a whole node_modules: on a loaded machine its removal outlasts the default 10 s
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
}, 120_000)

/** tsc over these files of the installed app as a TypeScript user runs it (NodeNext); its report, empty when clean. */
function typeCheck(files: string[]): string {
  writeFileSync(
    path.join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [path.join(root, 'node_modules/@types')],
      },
      files,
    }),
  )
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc')
  try {
    return execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' })
  } catch (error) {
    return String((error as { stdout?: string }).stdout)
  }
}

/** A TypeScript user's module of the installed app: the published types as they are called. */
const USE_TS = `import { createRouter, type Router } from '@routewright/strategy-runtime'
import { loadWorkspace, type LoadedWorkspace } from '@routewright/strategy-runtime/node'
import { startServer, type RunningServer } from '@routewright/server'
import { runCli } from '@routewright/cli'
export async function start(dir: string): Promise<[Router, RunningServer, LoadedWorkspace]> {
  const w = await loadWorkspace(dir)
  const clock = { now: () => 0, setTimeout: () => ({ id: 1 }), clearTimeout: () => {} }
  const code: Promise<number> = runCli(['--version'], { cwd: dir, out() {}, err() {}, color: false })
  void code
  return [createRouter({ ...w, clock }), await startServer({ workspace: dir, port: 0 }), w]
}
`

// each ```ts block of these docs as a module of its own, with declarations of what the text leaves to the reader
// (only the blocks listed where a doc also has pseudo-code, or a block needing a package the app lacks)
const SNIPPETS: Array<[doc: string, given: string, blocks?: number[]]> = [
  ['packages/server/README.md', ''],
  [
    'packages/strategy-runtime/README.md',
    `import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import type { Random, RouterEvent, StatProvider } from '@routewright/strategy-runtime'
declare const strategies: StrategyDocument[], directory: DirectoryDocument, stats: StatProvider, random: Random
declare const crm: { tier(ani: unknown): Promise<string> }, host: { handle(event: RouterEvent): void }
declare const routed: { reservation: string }, answeredAt: number`,
  ],
  [
    'packages/strategy-runtime/docs/statistics.md',
    `import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { type Clock, createRouter } from '@routewright/strategy-runtime'
declare const clock: Clock, directory: DirectoryDocument, strategies: StrategyDocument[]`,
    [2], // 1 is the provider interface in brief, 3 needs the redis client
  ],
  [
    'docs/embedding.md',
    `import type { RouterEvent } from '@routewright/strategy-runtime'
declare const host: { handle(event: RouterEvent): void }`,
  ],
]

/** The docs' blocks written into the app: the files, and each doc's count of blocks with the least it must have. */
function writeSnippets(): { files: string[]; found: Array<[doc: string, blocks: number, least: number]> } {
  const found: Array<[string, number, number]> = []
  const files = SNIPPETS.flatMap(([doc, given, only]) => {
    const blocks = [...readFileSync(path.join(root, doc), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)]
    found.push([doc, blocks.length, Math.max(1, ...(only ?? []))])
    return blocks.flatMap((block, i) => {
      if (only && !only.includes(i + 1)) return []
      const file = `${doc.replace(/[/.]/g, '-')}-${i + 1}.ts`
      writeFileSync(path.join(app, file), `${given}\n${block[1]}\nexport {}\n`)
      return [file]
    })
  })
  return { files, found }
}

// one tsc run for both tests below: each start of tsc (its lib, the packages' types) took seconds
let checked: { snippets: ReturnType<typeof writeSnippets>; diagnostics: string[] } | undefined
function typeChecked(): NonNullable<typeof checked> {
  if (!checked) {
    writeFileSync(path.join(app, 'use.ts'), USE_TS)
    const snippets = writeSnippets()
    // one diagnostic per line that starts unindented (an indented line goes on with the one before)
    const diagnostics = typeCheck(['use.ts', ...snippets.files])
      .split(/\n(?=\S)/)
      .filter((d) => d.trim() !== '')
    checked = { snippets, diagnostics }
  }
  return checked
}

/** tsc's report on `files`: their diagnostics, and any naming none of the checked files (the configuration's). */
function typeErrorsOf(files: string[]): string {
  const { snippets, diagnostics } = typeChecked()
  const about = (diagnostic: string, list: string[]) => list.some((file) => diagnostic.startsWith(`${file}(`))
  const every = ['use.ts', ...snippets.files]
  return diagnostics.filter((d) => about(d, files) || !about(d, every)).join('\n')
}

describe('the packages as published', () => {
  it('ship built JavaScript and types, not TypeScript sources', () => {
    for (const name of ['strategy-dsl', 'strategy-runtime', 'server']) {
      const manifest = JSON.parse(
        readFileSync(path.join(app, 'node_modules/@routewright', name, 'package.json'), 'utf8'),
      ) as { license?: string; private?: boolean }
      expect(manifest.license).toBe('Apache-2.0')
      expect(manifest.private).toBeUndefined()
      expect(() =>
        readFileSync(path.join(app, 'node_modules/@routewright', name, 'dist/index.d.ts')),
      ).not.toThrow()
      expect(() => readFileSync(path.join(app, 'node_modules/@routewright', name, 'src/index.ts'))).toThrow()
    }
  })

  it('load the examples and route an interaction from a plain .mjs on Node', () => {
    const script = path.join(app, 'route.mjs')
    writeFileSync(
      script,
      `import { createRealClock, createRouter } from '@routewright/strategy-runtime'
import { loadWorkspace } from '@routewright/strategy-runtime/node'
import { createLocalCoordinator } from '@routewright/server'
import { parseStrategy } from '@routewright/strategy-dsl'
const workspace = await loadWorkspace(${JSON.stringify(path.join(root, 'examples'))})
const events = []
const router = createRouter({ ...workspace, clock: createRealClock(), onEvent: (e) => events.push(e) })
router.submit({ id: 'c1', strategy: 'main-inbound', dnis: '8005550111' })
router.stop()
const finished = events.find((e) => e.type === 'finished')
console.log(JSON.stringify({ outcome: finished.outcome, destination: finished.destination, version: workspace.version,
  strategies: workspace.strategies.size, coordinator: typeof createLocalCoordinator, parse: typeof parseStrategy }))
`,
    )
    const out = JSON.parse(execFileSync(process.execPath, [script], { cwd: app, encoding: 'utf8' }))
    expect(out).toMatchObject({
      outcome: 'route',
      destination: 'fraud_line',
      strategies: 10,
      coordinator: 'function',
    })
    expect(out.version).toMatch(/^[0-9a-f]{12}$/)
  })

  it('run examples/hosts/embedded-router.mjs as a user who copied it next to the installed packages', () => {
    const script = path.join(app, 'embedded-router.mjs')
    writeFileSync(script, readFileSync(path.join(root, 'examples/hosts/embedded-router.mjs')))
    const out = execFileSync(
      process.execPath,
      [script, '--workspace', path.join(root, 'examples'), '--ani', '+15550001'],
      { cwd: app, encoding: 'utf8' },
    )
    const result = JSON.parse(out.trim().split('\n').at(-1)!)
    expect(result).toMatchObject({ outcome: 'routed', attached: { CustomerTier: 'gold' } })
  })

  it('refuses a broken workspace with its diagnostics', () => {
    const broken = path.join(dir, 'broken')
    mkdirSync(broken)
    writeFileSync(path.join(broken, 'a.directory.yaml'), 'directory: d\nformat: 1\n')
    writeFileSync(
      path.join(broken, 'x.strategy.yaml'),
      'strategy: x\nformat: 1\nstart: a\nnodes:\n  a: { type: route, destination: nowhere }\n',
    )
    const script = path.join(app, 'broken.mjs')
    writeFileSync(
      script,
      `import { loadWorkspace, WorkspaceError } from '@routewright/strategy-runtime/node'
try { await loadWorkspace(${JSON.stringify(broken)}); console.log('loaded') }
catch (e) { console.log(JSON.stringify({ isWorkspaceError: e instanceof WorkspaceError, files: e.diagnostics.map((d) => d.file) })) }
`,
    )
    const out = JSON.parse(execFileSync(process.execPath, [script], { cwd: app, encoding: 'utf8' }))
    expect(out.isWorkspaceError).toBe(true)
    expect(out.files).toContain('x.strategy.yaml')
  })

  it("start serve with the server README's startServer: without history, a workspace with alarms.yaml is refused", () => {
    const plain = path.join(dir, 'no-alarms')
    mkdirSync(plain)
    for (const name of ['contact-center.directory.yaml', 'inbound-call.strategy.yaml']) {
      writeFileSync(path.join(plain, name), readFileSync(path.join(root, 'examples', name)))
    }
    const script = path.join(app, 'serve.mjs')
    writeFileSync(
      script,
      `import { startServer } from '@routewright/server'
const tried = async (workspace) => {
  try {
    const server = await startServer({ workspace, port: 0, log: () => {} })
    const status = (await fetch(server.url + '/v1/agents')).status
    await server.close()
    return { status }
  } catch (error) { return { name: error.name, message: error.message } }
}
console.log(JSON.stringify([await tried(${JSON.stringify(plain)}), await tried(${JSON.stringify(path.join(root, 'examples'))})]))
`,
    )
    const [plainRun, examplesRun] = JSON.parse(
      execFileSync(process.execPath, [script], { cwd: app, encoding: 'utf8' }),
    )
    expect(plainRun).toEqual({ status: 200 })
    expect(examplesRun).toEqual({
      name: 'ServeError',
      message: expect.stringContaining(
        'Alarms (alarms.yaml) needs @routewright/history, which this installation lacks',
      ),
    })
  })

  it('type-check for a TypeScript user (NodeNext resolution)', () => {
    expect(typeErrorsOf(['use.ts'])).toBe('')
  })

  it("type-check the READMEs' TypeScript snippets against the published types", () => {
    const { snippets } = typeChecked()
    for (const [doc, blocks, least] of snippets.found) expect(blocks, doc).toBeGreaterThanOrEqual(least)
    expect(typeErrorsOf(snippets.files)).toBe('')
  })

  it('run `npx routewright --version` from the installed tarball', () => {
    const version = execFileSync(npm, ['exec', '--offline', '--no', '--', 'routewright', '--version'], {
      cwd: app,
      encoding: 'utf8',
    })
    expect(version.trim()).toBe(
      JSON.parse(readFileSync(path.join(root, 'packages/cli/package.json'), 'utf8')).version,
    )
  })
})
