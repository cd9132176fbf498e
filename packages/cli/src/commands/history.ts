// `routewright history`: the dead-letter file of a history store (list, replay) and its schema (migrate).
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import type { DeadLetter, ReplayResult } from '@routewright/history/operations'
import { printable, printableName } from '@routewright/node-support/printable'
import { shortenedToWidth } from '@routewright/strategy-dsl/cut-text'
import { alignedCells } from '@routewright/strategy-dsl/display-width'
import type { ParsedArgs } from '../args.ts'
import { UsageError } from '../args.ts'
import { type CliIo, type CommandRunner, EXIT } from '../command.ts'
import { jsonOutput } from '../json-output.ts'
import {
  isPostgresStore,
  missingSqliteStore,
  requireStore as requireReachableStore,
  storeWarnings,
} from '../store-argument.ts'

const SUBCOMMANDS = ['refused', 'replay', 'migrate'] as const
type Subcommand = (typeof SUBCOMMANDS)[number]

/** Reason texts can be long (a driver's detail): the table shows this much, the JSON all of it. */
const MAX_REASON = 120
/** The other cells a record gives (when, id): a time or an id fits, a hostile record's megabyte does not. */
const MAX_FIELD = 64

function operations() {
  // the database drivers load only when a store is opened
  return import('@routewright/history/operations')
}

function requireStore(args: ParsedArgs, sub: Subcommand): string {
  const store = args.flags.store
  if (typeof store !== 'string') {
    throw new UsageError(
      `history ${sub} needs --store`,
      `Try routewright history ${sub}${sub === 'replay' ? ' <spool>' : ''} --store sqlite:history.db`,
    )
  }
  return store
}

function requireFile(
  args: ParsedArgs,
  sub: Subcommand,
  io: CliIo,
  deadLetterFile: (f: string) => string,
): string {
  const [, spool, ...extra] = args.positionals
  if (spool === undefined || extra.length > 0) {
    throw new UsageError(
      `history ${sub} takes one spool file (got ${args.positionals.length - 1})`,
      `Try routewright history ${sub} history.db.spool.jsonl (serve's --store-spool; its refused records are in <spool>.refused)`,
    )
  }
  const full = path.resolve(io.cwd, spool)
  // a spool in a folder that is not there is a typo, not a store that refused nothing (it said so, exit 0)
  const folder = path.dirname(full)
  const where = `${printableName(path.dirname(spool))} (the folder of ${printableName(spool)}, looked for ${printableName(folder)})`
  const hint =
    "Check the path (relative to the current folder); serve's --store-spool says where the spool is"
  let info: ReturnType<typeof statSync>
  try {
    info = statSync(folder, { throwIfNoEntry: false })
  } catch (error) {
    // throwIfNoEntry covers ENOENT only: a file on the way (ENOTDIR) or a folder not ours (EACCES) still throws
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOTDIR') throw new UsageError(`${where} is not a folder: part of its path is a file`, hint)
    throw new UsageError(`Cannot read the folder ${where} (${code ?? 'unknown error'})`, hint)
  }
  if (info === undefined) throw new UsageError(`No such folder: ${where}`, hint)
  if (!info.isDirectory()) throw new UsageError(`${where} is not a folder`, hint)
  return deadLetterFile(full)
}

/** A record's text as one table cell: whitespace flattened, control characters shown (ESC must not reach the terminal). */
function oneLine(text: string, max: number): string {
  const flat = printable(text.replace(/\s+/g, ' ').trim())
  return shortenedToWidth(flat, max)
}

/** A driver's or the store's words: they can quote a path or a server's text, so they are printed made printable. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function table(rows: string[][]): string {
  return alignedCells(rows)
    .map((row) => row.join('  ').trimEnd())
    .join('\n')
}

function listing(file: string, letters: readonly DeadLetter[], format: string): string {
  const unreadable = letters.filter((l) => !l.refused).length
  if (format === 'json') {
    const lines = letters.map((l) =>
      l.refused
        ? {
            line: l.line,
            at: l.refused.at,
            kind: l.kind,
            id: l.id,
            reason: l.refused.reason,
            item: l.refused.item,
          }
        : { line: l.line, problem: l.problem, text: l.text },
    )
    return jsonOutput({ file, refused: letters.length - unreadable, unreadable, lines })
  }
  const head = `${printableName(file)}: ${letters.length - unreadable} refused record${letters.length - unreadable === 1 ? '' : 's'}${
    unreadable > 0 ? `, ${unreadable} line${unreadable === 1 ? '' : 's'} that cannot be read` : ''
  }`
  if (letters.length === 0) return `${head}\n`
  const rows = [['line', 'refused at', 'kind', 'id', 'reason']]
  for (const l of letters) {
    rows.push(
      l.refused
        ? [
            String(l.line),
            oneLine(l.refused.at, MAX_FIELD),
            oneLine(l.kind ?? '', MAX_FIELD),
            oneLine(l.id ?? '', MAX_FIELD),
            oneLine(l.refused.reason, MAX_REASON),
          ]
        : [String(l.line), '-', '-', '-', `cannot be read: ${oneLine(l.problem ?? '', MAX_REASON)}`],
    )
  }
  return `${head}\n\n${table(rows)}\n`
}

function replaySummary(file: string, result: ReplayResult): string {
  const shown = printableName(file)
  const lines = [
    `wrote ${result.written} record${result.written === 1 ? '' : 's'} (a record already stored is kept once)`,
  ]
  if (result.refusedAgain > 0) lines.push(`${result.refusedAgain} refused again: kept with the new reason`)
  if (result.unreadable > 0)
    lines.push(`${result.unreadable} line${result.unreadable === 1 ? '' : 's'} that cannot be read: kept`)
  lines.push(
    result.left === 0
      ? `${shown} is empty and removed`
      : `${result.left} line${result.left === 1 ? '' : 's'} left in ${shown}`,
  )
  return `${lines.join('\n')}\n`
}

async function refused(args: ParsedArgs, io: CliIo): Promise<number> {
  const { deadLetterFile, readDeadLetters } = await operations()
  const file = requireFile(args, 'refused', io, deadLetterFile)
  if (!existsSync(file) && args.flags.format !== 'json') {
    // nothing refused, or a spool that is elsewhere: both worth saying rather than an empty table
    io.out(
      `${printableName(file)}: no such file: the store refused nothing there (serve's --store-spool says where it is)\n`,
    )
    return EXIT.ok
  }
  io.out(listing(file, readDeadLetters(file), (args.flags.format ?? 'table') as string))
  return EXIT.ok
}

async function replay(args: ParsedArgs, io: CliIo): Promise<number> {
  const { deadLetterFile, openStore, readDeadLetters, replayDeadLetters, StoreSpecError } = await operations()
  const file = requireFile(args, 'replay', io, deadLetterFile)
  const spec = requireStore(args, 'replay')
  let batchSize = 500
  if (args.flags['batch-size'] !== undefined) {
    batchSize = Number(args.flags['batch-size'])
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      throw new UsageError(
        `--batch-size "${args.flags['batch-size']}" is not a whole number from 1 to 10000`,
        'Try --batch-size 500',
      )
    }
  }
  // a mistyped file would be created, migrated and take the records, and the dead-letter file be removed
  if (missingSqliteStore(spec, io)) return EXIT.usage
  // before the file is read: a server that is down or refuses the URL is a usage error (exit 2), the file unchanged
  if (isPostgresStore(spec)) await requireReachableStore(spec)
  if (readDeadLetters(file).length === 0) {
    io.out(`${printableName(file)}: nothing to replay\n`)
    return EXIT.ok
  }
  let store: Awaited<ReturnType<typeof openStore>>
  try {
    store = await openStore(spec, io.cwd, { onWarning: storeWarnings(io) })
  } catch (error) {
    if (error instanceof StoreSpecError) throw new UsageError(error.message, error.fix)
    io.err(
      `error: ${printable(messageOf(error))}\nhint: nothing was replayed; ${printableName(file)} is unchanged\n`,
    )
    return EXIT.findings
  }
  try {
    const result = await replayDeadLetters(store, file, {
      batchSize,
      // a stale lock taken over is said on stderr, as the store's warnings are
      hooks: { onStaleLock: storeWarnings(io) },
    })
    if (args.flags.format === 'json') io.out(jsonOutput({ file, ...result }))
    else io.out(replaySummary(file, result))
    if (result.outage !== undefined) {
      io.err(
        `error: the store went out of reach during the replay: ${printable(result.outage)}\nhint: run the replay again once it answers; what was not written is still in ${printableName(file)}, the batch that failed with it (a batch is written whole or not at all; if the server took it after all, the replay keeps it once)\n`,
      )
    }
    return result.left === 0 && result.outage === undefined ? EXIT.ok : EXIT.findings
  } finally {
    await store.close()
  }
}

async function migrateStore(args: ParsedArgs, io: CliIo): Promise<number> {
  const { checkSchema, migrate, openDatabase, SCHEMA_VERSION, schemaState, StoreSpecError } =
    await operations()
  const spec = requireStore(args, 'migrate')
  // a mistyped file would be created and migrated, and the real one left behind
  if (missingSqliteStore(spec, io)) return EXIT.usage
  if (isPostgresStore(spec)) await requireReachableStore(spec)
  let database: Awaited<ReturnType<typeof openDatabase>>
  try {
    database = await openDatabase(spec, io.cwd, { onWarning: storeWarnings(io) })
  } catch (error) {
    if (error instanceof StoreSpecError) throw new UsageError(error.message, error.fix)
    // a store that cannot be opened (not a database, unreachable) is the user's to fix, not a fault of ours
    io.err(`error: ${printable(messageOf(error))}\n`)
    return EXIT.findings
  }
  try {
    const before = await schemaState(database)
    if (before.state === 'newer') {
      const error = await checkSchema(database).catch((e: unknown) => e)
      io.err(`error: ${printable(messageOf(error))}\n`)
      // the wrong build for this store, as report says it (README: exit codes)
      return EXIT.usage
    }
    const applied = await migrate(database)
    io.out(
      applied.length === 0
        ? `${printable(database.describe)} is at schema ${SCHEMA_VERSION} already: nothing to do\n`
        : `${printable(database.describe)}: applied ${applied.join(', ')}; now at schema ${SCHEMA_VERSION}\n`,
    )
    return EXIT.ok
  } catch (error) {
    // the driver's words alone (connect ECONNREFUSED ...) do not say which store or what was being done
    io.err(`error: could not migrate ${printable(database.describe)}: ${printable(messageOf(error))}\n`)
    return EXIT.findings
  } finally {
    await database.close()
  }
}

/** What `routewright history` does, loaded only when it runs; its flags and help are in specs/history.ts. */
export const historyRunner: CommandRunner = {
  async run(args, io) {
    const sub = args.positionals[0]
    switch (sub) {
      case 'refused':
        return refused(args, io)
      case 'replay':
        return replay(args, io)
      case 'migrate':
        if (args.positionals.length > 1) {
          throw new UsageError(
            `history migrate takes no file (got ${args.positionals.slice(1).join(' ')})`,
            'Use --store',
          )
        }
        return migrateStore(args, io)
      default:
        throw new UsageError(
          sub === undefined ? 'history needs a subcommand' : `"${sub}" is not a history subcommand`,
          `Use one of ${SUBCOMMANDS.join(', ')}: routewright history refused <spool>`,
        )
    }
  },
}
