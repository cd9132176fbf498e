// The dispatch loads a command's modules only to run it: help, --version and validate stay clear of the server,
// the runtime, the history store's drivers and the language server (each costs start-up time and memory).
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { binary, examplesDir, SERVE_READY, startRoutewright, strategy, workspace } from './helpers.ts'

const hook = path.join(import.meta.dirname, 'module-log-hook.mjs')

/** The modules (outside Node's own) that `routewright <args>` loaded in its main thread. */
function modulesLoaded(args: readonly string[], cwd: string): string[] {
  const log = path.join(workspace(), 'modules.log')
  const result = spawnSync(process.execPath, ['--import', hook, binary, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, RW_MODULE_LOG: log, NO_COLOR: '1' },
  })
  expect(result.stderr).not.toContain('failed unexpectedly')
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
}

const HEAVY = {
  // the alarms file's reader (`@routewright/server/alarms`: zod and the DSL, no HTTP or Redis; its text part, alarm-read,
  // is the designer's too) is validate's too, with the routed-targets check (RW483), the figure formatter and the
  // monitor's settings (the default window the windows are counted by)
  server:
    /\/packages\/server\/(?!dist\/(alarms-entry|alarms\/alarm-(file|read|schema|routed|figure-format)|monitor\/monitor-settings)\.js$)/,
  runtime: /\/packages\/strategy-runtime\//,
  'history drivers': /\/node_modules\/(kysely|pg|better-sqlite3)\//,
  'language server': /\/node_modules\/vscode-languageserver/,
}
const DSL = /\/packages\/strategy-dsl\/dist\/index\.js$/

function heavyIn(urls: readonly string[]): string[] {
  return Object.entries(HEAVY)
    .filter(([, pattern]) => urls.some((url) => pattern.test(url)))
    .map(([name]) => name)
}

describe('lazy command loading', () => {
  it.each([['--version'], ['--help'], ['report', '--help'], ['validate', '--help'], ['serve', '--help']])(
    'routewright %s loads neither a command nor the DSL',
    (...args) => {
      const urls = modulesLoaded(args, workspace())
      expect(urls.some((url) => url.endsWith('/dist/routewright.js'))).toBe(true)
      expect(heavyIn(urls)).toEqual([])
      expect(urls.filter((url) => DSL.test(url) || url.includes('/node_modules/zod/'))).toEqual([])
    },
  )

  it('validate loads the DSL but not the server, runtime, history or language server', () => {
    const cwd = workspace({ 'a.strategy.yaml': strategy('a') })
    const urls = modulesLoaded(['validate'], cwd)
    expect(urls.some((url) => DSL.test(url))).toBe(true)
    expect(heavyIn(urls)).toEqual([])
  })

  it('validate reads alarms.yaml with the server alarms reader alone', () => {
    const alarms = 'alarms: center\nformat: 1\nrules:\n  w: { figure: waiting, queue: "*", above: 5 }\n'
    const cwd = workspace({ 'a.strategy.yaml': strategy('a'), 'alarms.yaml': alarms })
    const urls = modulesLoaded(['validate'], cwd)
    // sorted: the loader fetches a module's imports concurrently, so the log's order varies from run to run
    expect(
      urls
        .filter((url) => url.includes('/packages/server/'))
        .map((url) => url.split('/packages/')[1])
        .sort(),
    ).toEqual([
      'server/dist/alarms-entry.js',
      'server/dist/alarms/alarm-figure-format.js',
      'server/dist/alarms/alarm-file.js',
      'server/dist/alarms/alarm-read.js',
      'server/dist/alarms/alarm-routed.js',
      'server/dist/alarms/alarm-schema.js',
      'server/dist/monitor/monitor-settings.js',
    ])
    expect(heavyIn(urls)).toEqual([])
  })

  it('a command still gets its modules when it runs (run loads the runtime)', () => {
    const cwd = workspace({ 'a.strategy.yaml': strategy('a') })
    const urls = modulesLoaded(['run', 'a.strategy.yaml', '--interaction', '{}'], cwd)
    expect(heavyIn(urls)).toEqual(['runtime'])
  })
})

// what serve's start leaves for later: each costs start-up CPU before a restarted process takes calls again
const NOT_AT_SERVE_START = {
  'history drivers': HEAVY['history drivers'],
  'language server': HEAVY['language server'],
  'server barrel, Redis coordinator, OpenAPI document':
    /\/packages\/server\/dist\/(index|core\/redis-coordinator|api\/openapi)\.js$/,
  'history reports and operations':
    /\/packages\/cli\/dist\/(operations-entry|report-format|postgres-\w+|sqlite-database)-/,
}

describe('serve start', () => {
  it('listens without the Redis coordinator, the OpenAPI document, the store drivers or reports; /openapi.json loads it', async () => {
    const log = path.join(workspace(), 'modules.log')
    const served = await startRoutewright(
      ['serve', '--workspace', examplesDir, '--port', '0', '--no-watch'],
      {
        ready: SERVE_READY,
        env: { NODE_OPTIONS: `--import ${hook}`, RW_MODULE_LOG: log },
      },
    )
    const loaded = () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((url) => url.startsWith('file:'))
    const atStart = loaded()
    expect(atStart.some((url) => url.endsWith('/packages/server/dist/serve.js'))).toBe(true)
    expect(
      Object.entries(NOT_AT_SERVE_START)
        .filter(([, pattern]) => atStart.some((url) => pattern.test(url)))
        .map(([name]) => name),
    ).toEqual([])
    // the first request that needs the document loads it, and gets the same answer
    const answer = await fetch(`${served.url}/openapi.json`)
    expect(answer.status).toBe(200)
    expect(((await answer.json()) as { openapi: string }).openapi).toMatch(/^3\./)
    expect(loaded().some((url) => url.endsWith('/packages/server/dist/api/openapi.js'))).toBe(true)
  })
})

describe('serve help', () => {
  it("names the server's token variable without loading the server", async () => {
    const { TOKEN_ENV } = await import('@routewright/server')
    const spec = await import('../src/specs/serve.ts')
    expect(spec.TOKEN_ENV).toBe(TOKEN_ENV)
  })
})
