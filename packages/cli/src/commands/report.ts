// `routewright report`: interval figures from the interaction history in a SQLite file or a PostgreSQL database.
import path from 'node:path'
import type { HistoryStore } from '@routewright/history'
import {
  abandonTreatmentRefusal,
  dispositionRefusal,
  parseIsoTime,
  parseSeconds,
  type ReportBreakdown,
  type ReportFormat,
  type ReportInterval,
  type ReportKind,
  type ServiceLevelBasis,
  SHORT_ABANDON_SECONDS,
  type SlAbandons,
  serviceLevelRefusal,
  shortAbandonRefusal,
} from '@routewright/history/report-options'
import { printable } from '@routewright/node-support/printable'
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import { UsageError } from '../args.ts'
import { type CliIo, type CommandRunner, EXIT } from '../command.ts'
import { fileKindOf, requireFile } from '../files.ts'
import { printableJson } from '../json-output.ts'
import { isPostgresStore, missingSqliteStore, requireStore, storeWarnings } from '../store-argument.ts'
import { printErrors } from '../strategy-target.ts'
import { Workspace } from '../workspace.ts'

const DAY_MS = 86_400_000

/**
 * `--from` / `--to` as epoch ms. With `--tz`, a date is that zone's midnight and a time without an offset its wall
 * time (`toInstant`); without it, as before, a date is UTC midnight and such a time the machine's local time.
 */
function parseTime(flag: string, value: string, toInstant?: (wall: number) => number): number {
  const text = value.trim()
  const offsetGiven = /(?:Z|[+-]\d{2}:\d{2})$/i.test(text) && text.includes('T')
  const wall = toInstant && !offsetGiven && text.includes('T') ? `${text}Z` : text
  const at = parseIsoTime(wall)
  if (at === undefined) {
    throw new UsageError(
      `--${flag} "${value}" is not a date or an ISO time`,
      `Try --${flag} 2026-03-02 (${toInstant ? 'midnight in --tz' : 'UTC midnight'}) or --${flag} 2026-03-02T08:00:00+01:00`,
    )
  }
  return toInstant && !offsetGiven ? toInstant(at) : at
}

/**
 * The directory `--directory` names, parsed: her capacity says which media an agent's state times rank over, as on
 * serve's wallboard (history docs/figures.md "State times per media"). Undefined, with the errors printed, when it
 * does not load.
 */
async function reportDirectory(flag: string, io: CliIo): Promise<DirectoryDocument | undefined> {
  const full = path.resolve(io.cwd, flag)
  if (fileKindOf(full) !== 'directory') {
    throw new UsageError(
      `--directory expects a *.directory.yaml file, got ${flag}`,
      'Name directory files <env>.directory.yaml',
    )
  }
  await requireFile(flag, io.cwd, { command: 'report', kinds: new Set(['directory']) }, '--directory')
  const loaded = await new Workspace(io.cwd).directoryAt(full)
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error')
  if (loaded.document && errors.length === 0) return loaded.document
  printErrors(errors, io)
  return undefined
}

/** What `routewright report` does, loaded only when it runs; its flags and help are in specs/report.ts. */
export const reportRunner: CommandRunner = {
  async run({ flags, positionals }, io) {
    if (positionals.length > 0) {
      throw new UsageError(`report takes no file arguments (got ${positionals.join(' ')})`, 'Use --store')
    }
    if (typeof flags.store !== 'string') {
      throw new UsageError(
        '--store is required',
        'Try --store sqlite:history.db or --store postgres://host/db',
      )
    }
    if (typeof flags.from !== 'string') throw new UsageError('--from is required', 'Try --from 2026-03-02')
    // the report's code (not the database drivers: they load only when the store is opened)
    const history = await import('@routewright/history/report')
    let timeZone: string | undefined
    if (typeof flags.tz === 'string') {
      try {
        timeZone = history.resolveTimeZone(flags.tz)
      } catch (error) {
        if (!(error instanceof history.TimeZoneError)) throw error
        throw new UsageError(
          error.message,
          'Give an IANA zone (Europe/London, America/New_York), or leave --tz out for UTC',
          error.near === undefined ? undefined : `Change "${flags.tz}" to "${error.near}"`,
        )
      }
    }
    const zone = timeZone
    const toInstant = zone === undefined ? undefined : (wall: number) => history.instantOf(zone, wall)
    const from = parseTime('from', flags.from, toInstant)
    // a day on the zone's wall clock: 23 or 25 hours on a change day
    const to =
      typeof flags.to === 'string'
        ? parseTime('to', flags.to, toInstant)
        : zone === undefined
          ? from + DAY_MS
          : history.dayAfter(from, zone)
    if (to <= from) {
      throw new UsageError(
        'The range must end after it starts (--to later than --from)',
        'Leave --to out for a day from --from',
      )
    }
    const chosen = (flags.by ?? 'queue') as ReportKind
    const byDisposition = chosen === 'disposition'
    // handlings by wrap-up code count no waits nor abandons: an option of those is a mistake, said, not ignored
    const notForDisposition = [
      'sl',
      'short-abandon',
      'sl-abandons',
      'exclude-short-abandons',
      'service-level-basis',
    ]
    const given = notForDisposition.filter((name) => flags[name] !== undefined && flags[name] !== false)
    const dispositionRefused = byDisposition
      ? dispositionRefusal(given.map((name) => `--${name}`))
      : undefined
    if (dispositionRefused !== undefined) throw new UsageError(dispositionRefused)
    const by = byDisposition ? 'queue' : (chosen as ReportBreakdown)
    let sl = 20
    const slRefused = serviceLevelRefusal(by, typeof flags.sl === 'string')
    if (slRefused !== undefined) throw new UsageError(slRefused)
    if (typeof flags.sl === 'string') {
      sl = Number(flags.sl.replace(/s$/, ''))
      if (!Number.isFinite(sl) || sl < 0) {
        throw new UsageError(`--sl "${flags.sl}" is not a number of seconds`, 'Try --sl 20')
      }
    }
    const shortFlag = flags['short-abandon']
    const shortRefused = shortAbandonRefusal(by, typeof shortFlag === 'string')
    if (shortRefused !== undefined) throw new UsageError(shortRefused)
    let shortAbandon = SHORT_ABANDON_SECONDS
    if (typeof shortFlag === 'string') {
      const seconds = parseSeconds(shortFlag)
      if (seconds === undefined) {
        throw new UsageError(
          `--short-abandon "${shortFlag}" is not a number of seconds`,
          `Try --short-abandon ${SHORT_ABANDON_SECONDS}s`,
        )
      }
      shortAbandon = seconds
    }
    const treatmentFlags = [
      ...(typeof flags['sl-abandons'] === 'string' ? ['--sl-abandons'] : []),
      ...(flags['exclude-short-abandons'] === true ? ['--exclude-short-abandons'] : []),
      ...(typeof flags['service-level-basis'] === 'string' ? ['--service-level-basis'] : []),
    ]
    const treatmentRefused = abandonTreatmentRefusal(by, treatmentFlags)
    if (treatmentRefused !== undefined) throw new UsageError(treatmentRefused)
    const slAbandons = (flags['sl-abandons'] ?? 'against') as SlAbandons
    const excludeShortAbandons = flags['exclude-short-abandons'] === true
    const serviceLevelBasis = (flags['service-level-basis'] ?? 'handled') as ServiceLevelBasis
    let media: string | undefined
    if (typeof flags.media === 'string') {
      media = flags.media.trim()
      if (media === '') throw new UsageError('--media is empty', 'Try --media voice')
    }
    // a server that is down or refuses the URL is said before the directory is read (exit 2, not a driver's line)
    if (isPostgresStore(flags.store)) await requireStore(flags.store)
    let directory: DirectoryDocument | undefined
    if (typeof flags.directory === 'string') {
      directory = await reportDirectory(flags.directory, io)
      if (directory === undefined) return EXIT.findings
    }
    const perAgentMedia = directory ? { directory } : {}
    // a missing file is a usage error, as for every other command (README: exit codes)
    if (missingSqliteStore(flags.store, io)) return EXIT.usage
    // the database drivers load only when a report runs, not with every command of the CLI
    const {
      buildReasonReport,
      buildReport,
      formatReport,
      openStore,
      QueryTimeoutError,
      ReportOptionsError,
      SchemaVersionError,
      StoreSpecError,
    } = history
    let store: HistoryStore
    try {
      // read-only: a report checks the schema's version and never migrates (an analyst's role may only read)
      store = await openStore(flags.store, io.cwd, { readOnly: true, onWarning: storeWarnings(io) })
    } catch (error) {
      if (error instanceof StoreSpecError) throw new UsageError(error.message, error.fix)
      io.err(`error: ${printable(error instanceof Error ? error.message : String(error))}\n`)
      if (error instanceof SchemaVersionError && error.schema.state !== 'newer') {
        io.err(
          'hint: routewright history migrate --store <store> migrates it; report never changes the store\n',
        )
      }
      // a store that is not a history of this build's schema is the wrong input, as a missing file is (README: exit codes)
      return error instanceof SchemaVersionError ? EXIT.usage : EXIT.findings
    }
    try {
      // the real clock: a state still open counts up to now, not to --to (docs/figures.md); one range for each kind
      const range = {
        from,
        to,
        clock: { now: () => Date.now() },
        interval: (flags.interval ?? '1h') as ReportInterval,
        ...(zone ? { timeZone: zone } : {}),
        ...(media ? { media } : {}),
      }
      const format = (flags.format ?? 'table') as ReportFormat
      const text = byDisposition
        ? history.formatDispositionReport(await history.buildDispositionReport(store, range), format)
        : formatReport(
            by === 'reason'
              ? await buildReasonReport(store, { ...range, ...perAgentMedia })
              : await buildReport(store, {
                  ...range,
                  by,
                  serviceLevelSeconds: sl,
                  shortAbandonSeconds: shortAbandon,
                  slAbandons,
                  excludeShortAbandons,
                  serviceLevelBasis,
                  ...perAgentMedia,
                }),
            format,
          )
      // the history's JSON keeps a queue's or agent's name as given; printed, its bidi controls are escaped
      io.out(format === 'json' ? printableJson(text) : format === 'csv' ? csvShown(text, io) : text)
      return EXIT.ok
    } catch (error) {
      if (error instanceof ReportOptionsError) throw new UsageError(error.message)
      // the server went silent mid-report: said with the server and the fix, not as a bug of ours
      if (error instanceof QueryTimeoutError) {
        io.err(`error: ${printable(error.message)}\n`)
        return EXIT.findings
      }
      throw error
    } finally {
      await store.close()
    }
  },
}

/**
 * CSV is data: to a file or pipe its bytes are the names as recorded. On a terminal a hostile agent or queue name's
 * ESC, C1 or bidi controls would act on it (clear it, write the clipboard, reverse the line): shown as pictures there.
 */
function csvShown(text: string, io: CliIo): string {
  return io.outIsTTY === true ? printable(text) : text
}
