// routewright serve: the routing server (URS) for one process, until SIGTERM or SIGINT stops it gracefully.

import { stat } from 'node:fs/promises'
import path from 'node:path'
import { printable, printableName } from '@routewright/node-support/printable'
import { decodeUtf8, readBoundedFile } from '@routewright/node-support/read'
// the serve entry, not the barrel: the Redis coordinator loads with --redis only (a start without it listens sooner)
import {
  createJsonLogger,
  type LogLevel,
  MAX_COMMIT_LINGER_MS,
  type RoutingCoordinator,
  ServeError,
  startServer,
  TOKEN_ENV,
  unknownEventTypes,
  webhookUrlProblem,
} from '@routewright/server/serve'
import { nameFixTitle, parseDuration } from '@routewright/strategy-dsl'
import { limitsProblem, type RouterLimits } from '@routewright/strategy-runtime'
import { NOT_A_FILE_CODE } from '@routewright/strategy-runtime/node'
import { UsageError } from '../args.ts'
import { type CommandRunner, EXIT } from '../command.ts'
import { requireFile } from '../files.ts'
import { printWorkspaceFindings, refuseEmptyWorkspace } from '../serve-findings.ts'
import { SECRET_ENV } from '../specs/serve.ts'
import { requireStore, storeArgument } from '../store-argument.ts'
import { requireDirectoryFlag } from '../strategy-target.ts'
import { JsonArgumentError, readJsonArgument } from '../workspace.ts'
import { requireWorkspaceFolder } from '../workspace-folder.ts'

/** A token is a line; a file far larger is not one (and must not be read whole). */
const MAX_SECRET_BYTES = 64 * 1024
/** How long a pipe (`--token-file <(pass show x)`) may take to hand over the token. */
const SECRET_PIPE_MS = 10_000

/**
 * A secret named by a flag (`--token-file`): a missing path said as every command says one (requireFile, with its
 * hint; it showed Node's raw ENOENT), read bounded (a huge file must not fill memory); a pipe, as process
 * substitution gives, is read too, within a time limit, so a writer that never ends does not hang serve.
 */
async function readSecretFile(file: string, cwd: string, flag: string): Promise<string> {
  const full = path.resolve(cwd, file)
  if ((await stat(full).catch(() => undefined))?.isDirectory())
    throw new UsageError(
      `--${flag} ${printableName(file)} is a folder, not a file`,
      'Give the file that holds the token (one line), or <(command) to take it from a command',
    )
  await requireFile(file, cwd, { command: 'serve', kinds: new Set() }, `--${flag}`)
  const read = await readBoundedFile(full, MAX_SECRET_BYTES, { pipeTimeoutMs: SECRET_PIPE_MS })
  if (!read.ok)
    throw new UsageError(
      `--${flag} ${printableName(file)}: ${read.message}`,
      'Give a file that holds the token',
    )
  const decoded = decodeUtf8(read.bytes)
  if (decoded === undefined)
    throw new UsageError(
      `--${flag} ${printableName(file)} is not UTF-8 text`,
      'Save the token as UTF-8 text (one line)',
    )
  const text = decoded.trim()
  if (text === '') throw new UsageError(`--${flag} ${printableName(file)} is empty`)
  return text
}

function port(value: string | undefined): number {
  if (value === undefined) return 8380
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new UsageError(
      `--port must be a number from 0 to 65535 (got "${value}")`,
      'Try: --port 8380 (0 picks a free port)',
    )
  return Number(value)
}

/** `--closed-max`: how many ended interactions stay readable (memory and Redis hold one view each). */
function closedMax(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^\d{1,7}$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000)
    throw new UsageError(
      `--closed-max is a count of ended interactions from 1 to 1000000 (got "${String(value)}")`,
      'Try: --closed-max 10000 (the default)',
    )
  return Number(value)
}

/** `--closed-ttl`: how long Redis keeps ended interactions, a duration as in strategies (24h, 90m, 1h30m). */
function closedTtl(value: string | boolean | undefined, redis: unknown): number | undefined {
  if (value === undefined) return undefined
  const ms = typeof value === 'string' ? parseDuration(value) : undefined
  if (ms === undefined || ms < 1000 || ms > 720 * 3_600_000)
    throw new UsageError(
      `--closed-ttl is a duration from 1s to 720h, such as 24h or 90m (got "${String(value)}")`,
      'Try: --closed-ttl 24h (the default)',
    )
  if (redis === undefined)
    throw new UsageError(
      '--closed-ttl applies with --redis only: one process keeps the last --closed-max ended interactions in memory, with no time limit',
    )
  return ms
}

/** `--store-window-read`: the budget of the monitor window's read-back at start (server window-seed.ts). */
function windowRead(value: string | boolean | undefined, store: unknown): number | undefined {
  if (value === undefined) return undefined
  const ms = typeof value === 'string' ? parseDuration(value) : undefined
  if (ms === undefined || ms < 1000 || ms > 600_000)
    throw new UsageError(
      `--store-window-read is a duration from 1s to 10m, such as 5s or 30s (got "${String(value)}")`,
      'Try: --store-window-read 30s',
    )
  if (store === undefined)
    throw new UsageError(
      '--store-window-read applies with --store only: without a store there is no window to read back',
    )
  return ms
}

/** `--commit-linger`: how long a change nobody's routing waits on may wait for the next urgent Redis commit. */
function commitLinger(value: string | boolean | undefined, redis: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^\d{1,2}$/.test(value) || Number(value) > MAX_COMMIT_LINGER_MS)
    throw new UsageError(
      `--commit-linger is a time in ms from 0 to ${MAX_COMMIT_LINGER_MS} (got "${String(value)}")`,
      `Try: --commit-linger 2 (0, the default, commits every change at once)`,
    )
  if (redis === undefined)
    throw new UsageError('--commit-linger applies with --redis only: one process commits nothing to Redis')
  return Number(value)
}

/** `--webhook-events`: the event types sent to --webhook-url, each one the stream carries. */
function eventTypesFlag(value: string | boolean | undefined, webhookUrl: unknown): string[] | undefined {
  if (value === undefined) return undefined
  if (typeof webhookUrl !== 'string')
    throw new UsageError(
      '--webhook-events chooses what goes to --webhook-url: give --webhook-url too',
      'Try: --webhook-url https://host/events --webhook-events routed,finished',
    )
  const types = typeof value === 'string' ? value.split(',').map((t) => t.trim()) : []
  if (types.length === 0 || types.includes(''))
    throw new UsageError('--webhook-events takes event types separated by commas (got an empty one)')
  const wrong = unknownEventTypes(types, '--webhook-events')
  if (wrong) throw new UsageError(wrong)
  return types
}

/** `--limits`: RouterLimits over the defaults, as JSON or @file, checked before anything starts. */
async function limitsFlag(
  value: string | boolean | undefined,
  cwd: string,
): Promise<Partial<RouterLimits> | undefined> {
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw new UsageError('--limits takes JSON or @file.json')
  let given: unknown
  try {
    given = await readJsonArgument(value, cwd, 'limits')
  } catch (error) {
    if (error instanceof JsonArgumentError)
      throw new UsageError(error.message, error.hint ?? 'Quote JSON in single quotes, or use @file.json')
    throw error
  }
  const wrong = limitsProblem(given)
  if (wrong !== undefined)
    throw new UsageError(
      `--limits: ${wrong.message}`,
      'Try: --limits \'{"maxDataChars":131072}\'',
      wrong.fix ? nameFixTitle(wrong.fix) : undefined,
    )
  return given as Partial<RouterLimits>
}

/** What `routewright serve` does, loaded only when it runs; its flags and help are in specs/serve.ts. */
export const serveRunner: CommandRunner = {
  async run(args, io) {
    const redis = args.flags.redis
    if (redis !== undefined && (typeof redis !== 'string' || !/^rediss?:\/\/[^\s]+$/.test(redis)))
      throw new UsageError(
        `--redis takes a Redis URL (got "${String(redis)}")`,
        'Try: --redis redis://127.0.0.1:6379',
      )
    const takeover = args.flags.takeover
    if (takeover !== undefined && (typeof takeover !== 'string' || !/^\d{3,6}$/.test(takeover)))
      throw new UsageError(`--takeover is a time in ms from 100 to 999999 (got "${String(takeover)}")`)
    // an operator who set them on a lone process believed it shared routing: say so rather than ignore them
    for (const flag of ['takeover', 'redis-prefix'])
      if (args.flags[flag] !== undefined && redis === undefined)
        throw new UsageError(
          `--${flag} applies with --redis only: one process shares nothing and has no other to take over from it`,
          `Try: routewright serve --workspace DIR --redis redis://127.0.0.1:6379 --${flag} ${flag === 'takeover' ? '5000' : 'routewright:'}`,
        )
    const keptClosed = closedMax(args.flags['closed-max'])
    const closedTtlMs = closedTtl(args.flags['closed-ttl'], redis)
    const commitLingerMs = commitLinger(args.flags['commit-linger'], redis)
    const limits = await limitsFlag(args.flags.limits, io.cwd)
    const workspace = args.flags.workspace
    if (typeof workspace !== 'string')
      throw new UsageError('serve needs --workspace <dir>', 'Try: routewright serve --workspace examples')
    // before the other checks' I/O: a missing folder or a file was "the workspace does not validate" (exit 1)
    const workspaceFolder = await requireWorkspaceFolder(workspace, io.cwd)
    await refuseEmptyWorkspace(workspace, workspaceFolder)
    // before any store is opened or port taken, as the workspace is
    const directory =
      typeof args.flags.directory === 'string'
        ? await requireDirectoryFlag(args.flags.directory, io.cwd, 'serve', workspaceFolder)
        : undefined
    if (args.positionals.length > 0)
      throw new UsageError(
        `serve takes no file arguments (got ${args.positionals.join(' ')})`,
        'Use --workspace <dir>',
      )
    const tokenFile = args.flags['token-file']
    const token =
      typeof tokenFile === 'string'
        ? await readSecretFile(tokenFile, io.cwd, 'token-file')
        : process.env[TOKEN_ENV] || undefined
    const webhookUrl = args.flags['webhook-url']
    const assignmentUrl = args.flags['assignment-url']
    const secret = process.env[SECRET_ENV]
    if ((typeof webhookUrl === 'string' || typeof assignmentUrl === 'string') && !secret)
      throw new UsageError(`Webhooks are signed: set ${SECRET_ENV} to a secret shared with the receiver`)
    for (const [url, flag] of [
      [webhookUrl, '--webhook-url'],
      [assignmentUrl, '--assignment-url'],
    ] as const) {
      const refused = typeof url === 'string' ? webhookUrlProblem(url, flag) : undefined
      if (refused) throw new UsageError(refused.problem, refused.hint)
    }
    const webhookEvents = eventTypesFlag(args.flags['webhook-events'], webhookUrl)
    const store = typeof args.flags.store === 'string' ? storeArgument(args.flags.store, io.cwd) : undefined
    if (store !== undefined)
      await requireStore(store, '--store', (said) =>
        io.err(
          `warning: ${printable(said)}; serving anyway, the records kept on disk until the store answers (/healthz storeUp)\n`,
        ),
      )
    const origins = args.lists?.['allow-origin'] ?? []
    for (const origin of origins)
      if (!/^https?:\/\/[^\s/]+$/.test(origin) && origin !== '*')
        throw new UsageError(
          `--allow-origin takes an origin: scheme, host and port, no path (got "${origin}")`,
          'Try: --allow-origin http://127.0.0.1:5173',
        )
    const hosts = args.lists?.['allowed-host'] ?? []
    for (const name of hosts)
      if (!/^(\[[0-9a-f:.]+\]|[\w.-]+)(:\d{1,5})?$/i.test(name))
        throw new UsageError(
          `--allowed-host takes a host name, with a port or not, as a Host header says it (got ${JSON.stringify(name)})`,
          'Try: --allowed-host routing.internal',
        )
    const spool = args.flags['store-spool']
    const windowReadMs = windowRead(args.flags['store-window-read'], store)
    const log = createJsonLogger((line) => io.out(line), {
      level: (args.flags['log-level'] as LogLevel | undefined) ?? 'info',
    })
    let server: Awaited<ReturnType<typeof startServer>>
    let coordinator: RoutingCoordinator | undefined
    try {
      const prefix = args.flags['redis-prefix']
      // called by startServer once the workspace validated: a process that will not serve never takes the lease
      const redisCoordinator = async (url: string) =>
        (coordinator = await (
          await import('@routewright/server/redis').catch((error: Error) => {
            // an install without the server's ./redis entry: a clear refusal, not "failed unexpectedly"
            throw new ServeError(`--redis: the Redis coordinator could not be loaded (${error.message})`)
          })
        )
          .createRedisCoordinator({
            url,
            ...(typeof prefix === 'string' ? { prefix } : {}),
            ...(typeof takeover === 'string' ? { takeoverMs: Number(takeover) } : {}),
            ...(keptClosed === undefined ? {} : { keptClosed }),
            ...(closedTtlMs === undefined ? {} : { closedTtlMs }),
            ...(commitLingerMs === undefined ? {} : { commitLingerMs }),
            ...(limits === undefined ? {} : { limits }),
            log: (level, message, fields) => log(level, message, fields),
          })
          .catch((error: Error) => {
            throw new ServeError(error.message)
          }))
      server = await startServer({
        ...(typeof redis === 'string' ? { coordinator: () => redisCoordinator(redis) } : {}),
        workspace: workspaceFolder,
        ...(directory === undefined ? {} : { directory }),
        ...(typeof args.flags.host === 'string' ? { host: args.flags.host } : {}),
        port: port(typeof args.flags.port === 'string' ? args.flags.port : undefined),
        ...(token ? { token } : {}),
        watch: args.flags['no-watch'] !== true,
        ...(secret && (typeof webhookUrl === 'string' || typeof assignmentUrl === 'string')
          ? {
              webhooks: {
                secret,
                ...(typeof webhookUrl === 'string' ? { url: webhookUrl } : {}),
                ...(webhookEvents ? { events: webhookEvents } : {}),
                ...(typeof assignmentUrl === 'string' ? { assignmentUrl } : {}),
              },
            }
          : {}),
        ...(store !== undefined
          ? {
              history: {
                store,
                ...(typeof spool === 'string' ? { spoolFile: path.resolve(io.cwd, spool) } : {}),
                ...(windowReadMs === undefined ? {} : { windowReadMs }),
              },
            }
          : {}),
        ...(origins.length > 0 ? { allowOrigins: origins } : {}),
        ...(hosts.length > 0 ? { allowedHosts: hosts } : {}),
        ...(keptClosed === undefined ? {} : { keptClosed }),
        ...(limits === undefined ? {} : { limits }),
        // bundled into the CLI; the kit alone (records, writer thread, figures): no store drivers or reports before listening
        historyKit: await import('@routewright/history/server-kit'),
        log,
      })
    } catch (error) {
      await coordinator?.stop()
      if (!(error instanceof ServeError)) throw error
      io.err(
        `error: ${error.diagnostics.length > 0 ? 'the workspace does not validate' : printable(error.message)}\n`,
      )
      // the skipped entries too (RW091): a strategy saved as a FIFO or folder explains "No *.strategy.yaml"
      const shown = error.diagnostics.filter((x) => x.severity === 'error' || x.code === NOT_A_FILE_CODE)
      if (shown.length > 0) await printWorkspaceFindings(shown, workspaceFolder, workspace, io)
      return error.diagnostics.length > 0 ? EXIT.findings : EXIT.usage
    }
    // the URL first, one a user can open (ready regexes read it); a wildcard bind says so after it
    const where = server.bound ? ` and every other address of this machine (bound to ${server.bound})` : ''
    // the signals are taken before the line is out: a supervisor may stop serve the moment it reads it
    const stopped = new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        process.off('SIGTERM', onTerm)
        process.off('SIGINT', onInt)
        log('info', 'shutting down', { signal })
        void server.close().then(resolve)
      }
      const onTerm = () => stop('SIGTERM')
      const onInt = () => stop('SIGINT')
      process.on('SIGTERM', onTerm)
      process.on('SIGINT', onInt)
    })
    io.err(`routewright serve: listening on ${server.url}${where} (API: ${server.url}/openapi.json)\n`)
    await stopped
    return EXIT.ok
  },
}
