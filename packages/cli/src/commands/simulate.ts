// `routewright simulate`: a strategy under Poisson load on the simulated clock, beside Erlang C / Erlang A.
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ServiceLevelBasis } from '@routewright/history/report-options'
import { atomicReplace, ReadOnlyFileError } from '@routewright/node-support/atomic-write'
import { printable, printableName, quotedName } from '@routewright/node-support/printable'
import { nameFixTitle, nameHint, parseDuration, type Scenario } from '@routewright/strategy-dsl'
import {
  type ArrivalProfile,
  checkTraffic,
  meanProfileRate,
  readArrivalProfile,
  SIMULATION_LIMITS,
  type SimulationOptions,
  type SimulationResult,
  simulate,
} from '@routewright/strategy-runtime'
import { UsageError } from '../args.ts'
import { type CliIo, type CommandRunner, EXIT } from '../command.ts'
import { jsonOutput } from '../json-output.ts'
import { createProgressBar } from '../report/progress.ts'
import {
  type ComparisonRow,
  compareWithErlang,
  serviceLevelDefinition,
  simulationHtml,
  simulationTable,
} from '../report/simulate-report.ts'
import { createStyle } from '../report/style.ts'
import { findingLines, placeFindings } from '../report/traffic-findings.ts'
import { readScenarioFlags } from '../scenario-flags.ts'
import { displayPath } from '../sources.ts'
import { WARMUP_HOURS } from '../specs/simulate.ts'
import { requireStore, storeArgument, storeWarnings } from '../store-argument.ts'
import { loadStrategyTarget, strategyArgument } from '../strategy-target.ts'
import { JsonArgumentError, readTextArgument } from '../workspace.ts'

const SERVICE_LEVEL_SECONDS = 20

/** `120/h`, `120`, `2/min`, `0.5/s`: arrivals per hour. */
export function parseArrivals(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(h|hr|hour|min|m|s|sec))?\s*$/i.exec(text)
  if (!match) return undefined
  const value = Number(match[1])
  const unit = (match[2] ?? 'h').toLowerCase()
  const perHour = unit.startsWith('m') ? value * 60 : unit.startsWith('s') ? value * 3600 : value
  return perHour > 0 && Number.isFinite(perHour) ? perHour : undefined
}

const PROFILE_WIDTHS: Record<string, number> = { '15m': 15, '30m': 30, '1h': 60 }

/** The traffic flags: a constant --arrivals rate or a --profile over the day, never both. */
async function readTraffic(
  flags: Record<string, string | boolean | undefined>,
  io: CliIo,
): Promise<{ arrivalsPerHour: number } | { arrivalProfile: ArrivalProfile }> {
  const { arrivals, profile } = flags
  if (typeof arrivals === 'string' && typeof profile === 'string')
    throw new UsageError(
      'Give --arrivals or --profile, not both',
      'A constant rate: --arrivals 120/h; a day: --profile @forecast.txt',
    )
  if (typeof profile === 'string') {
    const interval = flags['profile-interval']
    let read: { text: string; where: string }
    try {
      read = await readTextArgument(profile, io.cwd, 'profile')
    } catch (error) {
      if (error instanceof JsonArgumentError)
        throw new UsageError(error.message, error.hint ?? 'Give the rates, or @file with them')
      throw error
    }
    const parsed = readArrivalProfile(
      read.text,
      typeof interval === 'string' ? PROFILE_WIDTHS[interval] : undefined,
    )
    if (typeof parsed === 'string')
      throw new UsageError(
        `${read.where === '--profile' ? '--profile' : `--profile ${printable(read.where)}`}: ${parsed}`,
        'One rate per hour for each interval of the day from --start, e.g. 24 numbers for hours (--profile-interval for 15m or 30m)',
      )
    return { arrivalProfile: parsed }
  }
  if (typeof profile === 'boolean' || flags['profile-interval'] !== undefined)
    throw new UsageError(
      '--profile-interval goes with --profile <rates|@file>',
      'Try: --profile @forecast.txt --profile-interval 30m',
    )
  if (typeof arrivals !== 'string')
    throw new UsageError('--arrivals or --profile is required', 'Try: --arrivals 120/h --aht 180')
  const arrivalsPerHour = parseArrivals(arrivals)
  if (arrivalsPerHour === undefined) {
    throw new UsageError(`--arrivals "${arrivals}" is not a rate`, 'Try --arrivals 120/h, 2/min or 120')
  }
  // a bare number is read per hour (as documented): said, so 2 meant per minute is not a quiet 30-fold miss
  if (!arrivals.includes('/'))
    io.err(
      `note: --arrivals ${printable(arrivals.trim())} read as ${arrivalsPerHour}/h (arrivals per hour); write 2/min or 0.5/s for another unit\n`,
    )
  return { arrivalsPerHour }
}

/** `180`, `3m`, `2m30s`: seconds. */
function parseSeconds(flag: string, text: string): number {
  const ms = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) * 1000 : parseDuration(text)
  // a duration of zero is one, but no handle time or patience: said so, not "is not a duration"
  if (ms === 0)
    throw new UsageError(
      `--${flag} ${printable(text.trim())} must be more than 0`,
      `Give seconds (--${flag} 180) or a duration (--${flag} 3m)`,
    )
  if (ms === undefined || !(ms > 0)) {
    throw new UsageError(
      `--${flag} "${text}" is not a duration`,
      `Give seconds (--${flag} 180) or a duration (--${flag} 3m)`,
    )
  }
  return ms / 1000
}

// decimal (1e3 too): Number() also reads "0x10", "0b1" and "0o7", so --hours 0x10 ran 16 hours
const DECIMAL = /^\s*\d+(\.\d+)?(e[+-]?\d+)?\s*$/i

function parseNumber(flag: string, text: string, integer: boolean): number {
  const value = Number(text)
  if (!DECIMAL.test(text) || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `--${flag} must be a ${integer ? 'whole ' : ''}number > 0 (got ${quotedName(text)})`,
      `Write it in decimal digits: --${flag} ${integer ? '42' : '8 or 0.5'}`,
    )
  }
  // past 2^53 two seeds typed differently ran the same day, and the one printed was neither
  if (integer && !Number.isSafeInteger(value))
    throw new UsageError(
      `--${flag} ${printable(text.trim())} is over ${Number.MAX_SAFE_INTEGER}, the largest whole number kept exactly`,
      `Give a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`,
    )
  return value
}

/**
 * The simulation's budget said in the flags' terms before the strategy is read: the runtime's own check names its
 * options (durationHours, with the warm-up hour in it) and gives no hint.
 */
function checkBudget(
  hours: number,
  hoursFlag: string | undefined,
  traffic: { arrivalsPerHour: number } | { arrivalProfile: ArrivalProfile },
): void {
  const maxHours = SIMULATION_LIMITS.intervals - WARMUP_HOURS
  if (hours > maxHours)
    throw new UsageError(
      `--hours ${printable(hoursFlag?.trim() ?? String(hours))} is over the ${maxHours.toLocaleString('en')} hours a simulation keeps (one interval an hour, ${SIMULATION_LIMITS.intervals.toLocaleString('en')} at most with the ${WARMUP_HOURS} h warm-up)`,
      'Simulate fewer hours: a day is --hours 24, a week --hours 168',
    )
  const rate =
    'arrivalsPerHour' in traffic
      ? traffic.arrivalsPerHour
      : Math.max(...traffic.arrivalProfile.arrivalsPerHour)
  const arrivals = rate * (hours + WARMUP_HOURS)
  if (arrivals > SIMULATION_LIMITS.arrivals) {
    const fit = Math.floor(SIMULATION_LIMITS.arrivals / rate - WARMUP_HOURS)
    throw new UsageError(
      `${'arrivalsPerHour' in traffic ? `--arrivals ${rate}/h` : `--profile (its busiest interval ${rate}/h)`} for ${hours} hour${hours === 1 ? '' : 's'} and the ${WARMUP_HOURS} h warm-up is about ${Math.round(arrivals).toLocaleString('en')} arrivals, over the ${SIMULATION_LIMITS.arrivals.toLocaleString('en')} a simulation takes`,
      fit >= 1
        ? `Simulate fewer hours (--hours ${fit} fits at this rate) or a lower rate`
        : 'Give a lower rate: an hour at this one is over the budget',
    )
  }
}

/** `--logged-in`: a count (the directory's first N agents, in its order) or agent ids separated by commas. */
export function agentsLoggedIn(text: string, everyone: readonly string[]): string[] {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) {
    const count = Number(trimmed)
    if (count < 1 || count > everyone.length) {
      throw new UsageError(
        `--logged-in ${trimmed}: the directory has ${everyone.length} agents`,
        `Give a number from 1 to ${everyone.length}, or agent ids separated by commas`,
      )
    }
    return everyone.slice(0, count)
  }
  const ids = [
    ...new Set(
      trimmed
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ]
  if (ids.length === 0) throw new UsageError('--logged-in needs a number or agent ids separated by commas')
  for (const id of ids) {
    if (!everyone.includes(id)) {
      const near = nameHint(id, everyone, 'agents')
      throw new UsageError(
        `--logged-in: the directory has no agent ${quotedName(id)}.${near.hint}`,
        'Give agent ids of the directory separated by commas, or how many are logged in',
        near.fix && nameFixTitle(near.fix),
      )
    }
  }
  return ids
}

/** The fields every call arrives with, as --interaction gives them (absent ones left out, not undefined). */
function callFields({ interaction: call = {} }: Scenario): Partial<SimulationOptions> {
  return {
    ...(call.media !== undefined ? { media: call.media } : {}),
    ...(call.ani !== undefined ? { ani: call.ani } : {}),
    ...(call.dnis !== undefined ? { dnis: call.dnis } : {}),
    ...(call.priority !== undefined ? { priority: call.priority } : {}),
    ...(call.data !== undefined ? { data: call.data } : {}),
  }
}

/** A run stopped by Ctrl-C (SIGINT): what it left is said, and it exits 130 (128 + the signal), as shells do. */
export const EXIT_INTERRUPTED = 130
/** A run stopped by SIGTERM (a supervisor, `kill`): as by Ctrl-C, and it exits 143 (128 + 15). */
export const EXIT_TERMINATED = 143

/** The signals that stop a recorded run, and the exit code of each. */
const STOP_SIGNALS = { SIGINT: EXIT_INTERRUPTED, SIGTERM: EXIT_TERMINATED } as const

/**
 * Simulates and records the day into `store` (the history package loads only then, with its database driver); the
 * spool, where records wait if the store refuses them, is a temporary file made only when some are put in it (a
 * folder made up front stayed behind, empty, when the run was killed). A Ctrl-C or SIGTERM ends the run at its next
 * step (the day runs in steps that let the event loop turn) and lets the recorder finish what it writes, so the store
 * is left whole: a SQLite file this run created is then removed, one that was there keeps the day up to the stop, and
 * stderr says which. One while the store still opens abandons the open at once (nothing of the run written).
 */
async function recordDay(
  store: string,
  options: SimulationOptions,
  io: CliIo,
): Promise<
  | { result: SimulationResult; pending: number; spool: string; interrupted: false }
  | { interrupted: true; exitCode: number }
> {
  const spool = path.join(tmpdir(), `routewright-simulate-${process.pid}-${randomUUID()}.spool`)
  const sqliteFile = store.startsWith('sqlite:') && store !== 'sqlite::memory:' ? store.slice(7) : undefined
  const created = sqliteFile !== undefined && !existsSync(sqliteFile)
  const stopped = new AbortController()
  let exitCode: number = EXIT_INTERRUPTED
  // while installed, Ctrl-C or SIGTERM no longer kills the process mid-write (no schema, part of a day): one while
  // the store opens abandons the open at once, a later one is heard between two steps of the simulation
  const handlers = Object.entries(STOP_SIGNALS).map(([signal, code]) => {
    const handler = () => {
      if (!stopped.signal.aborted) exitCode = code
      stopped.abort()
    }
    process.on(signal, handler)
    return () => process.off(signal, handler)
  })
  try {
    const { recordSimulation } = await import('@routewright/history')
    const run = await recordSimulation(store, options, {
      spoolFile: spool,
      onWarning: storeWarnings(io),
      signal: stopped.signal,
    })
    if (run.result !== undefined && !stopped.signal.aborted)
      return { result: run.result, pending: run.counters.pending, spool, interrupted: false }
    if (created) {
      await Promise.all(
        ['', '-wal', '-shm', '-journal'].map((end) => rm(`${sqliteFile}${end}`, { force: true })),
      )
      await Promise.all([spool, `${spool}.refused`].map((file) => rm(file, { force: true })))
      io.err(`interrupted: removed ${printableName(sqliteFile)}, the store this run created\n`)
    } else if (run.openAbandoned) {
      const what = sqliteFile === undefined ? 'the PostgreSQL store' : printableName(sqliteFile)
      io.err(`interrupted while ${what} opened: nothing of this run was written to it\n`)
    } else {
      const kept = keptAtStop(run)
      io.err(
        `interrupted: ${sqliteFile === undefined ? 'the PostgreSQL store' : printableName(sqliteFile)} keeps ${kept}${run.counters.pending > 0 ? `; ${run.counters.pending} records are in ${printableName(spool)}` : ''}\n`,
      )
    }
    return { interrupted: true, exitCode }
  } finally {
    for (const off of handlers) off()
  }
}

/** What an interrupted run's store keeps, as the message after `keeps` says it. */
export function keptAtStop(run: { stoppedAt?: number | undefined; dayEnded?: boolean | undefined }): string {
  if (run.stoppedAt === undefined) return 'the simulated day, recorded in full before the stop'
  const at = `${new Date(run.stoppedAt).toISOString().slice(0, 16)}Z`
  // a stop while the calls still open at the end were finishing: nothing of the day is missing but their ends
  if (run.dayEnded)
    return `the whole simulated day, to ${at}; the stop came after its end, so the interactions still open then were not finished`
  return `the simulated day up to ${at}, where the stop ended the run (the rest was not simulated)`
}

/**
 * An --html page that cannot be written for a reason known before the run (a folder by that name, a missing folder,
 * a file where the folder should be) is a usage error then: found after the run, it cost the whole simulation.
 */
async function checkHtmlTarget(given: string, cwd: string): Promise<void> {
  const target = path.resolve(cwd, given)
  const shown = printable(given)
  const found = await stat(target).catch(() => undefined)
  if (found?.isDirectory())
    throw new UsageError(
      `--html ${shown} is a folder`,
      `Give --html a file, such as ${printable(path.join(given, 'report.html'))}`,
    )
  const parent = await stat(path.dirname(target)).catch(() => undefined)
  const folder = printable(displayPath(path.dirname(target), cwd))
  if (parent === undefined)
    throw new UsageError(
      `--html ${shown}: the folder ${folder} does not exist`,
      'Create it, or give --html a file in a folder that exists',
    )
  if (!parent.isDirectory())
    throw new UsageError(
      `--html ${shown}: ${folder} is a file, not a folder`,
      'Give --html a file in a folder',
    )
}

/** What `routewright simulate` does, loaded only when it runs; its flags and help are in specs/simulate.ts. */
export const simulateRunner: CommandRunner = {
  async run({ flags, positionals }, io) {
    const file = strategyArgument(
      positionals,
      'simulate',
      'routewright simulate flows/vip.strategy.yaml --arrivals 120/h --aht 180',
    )
    const traffic = await readTraffic(flags, io)
    if (typeof flags.html === 'string') await checkHtmlTarget(flags.html, io.cwd)
    if (typeof flags.aht !== 'string') throw new UsageError('--aht is required', 'Try: --aht 180 or --aht 3m')
    const ahtSeconds = parseSeconds('aht', flags.aht)
    if (ahtSeconds > SIMULATION_LIMITS.handleSeconds)
      throw new UsageError(
        `--aht ${flags.aht} is over a day (${SIMULATION_LIMITS.handleSeconds.toLocaleString('en')} s), the longest handle time a simulation takes`,
        'Give the average handle time in seconds (--aht 180) or as a duration (--aht 3m)',
      )
    const patienceSeconds =
      typeof flags.patience === 'string' ? parseSeconds('patience', flags.patience) : undefined
    // a profile is a day: by default the warm-up hour and the rest of it, so no peak falls outside what is measured
    const hours =
      typeof flags.hours === 'string'
        ? parseNumber('hours', flags.hours, false)
        : 'arrivalProfile' in traffic
          ? 24 - WARMUP_HOURS
          : 8
    checkBudget(hours, typeof flags.hours === 'string' ? flags.hours : undefined, traffic)
    const serviceLevelBasis: ServiceLevelBasis =
      flags['service-level-basis'] === 'handled' ? 'handled' : 'offered'
    const seed = typeof flags.seed === 'string' ? parseNumber('seed', flags.seed, true) : 1
    const setup = await readScenarioFlags(flags, ['interaction', 'functions'], 'start', io)
    const startAt = setup.at !== undefined ? Date.parse(setup.at) : undefined

    // before the strategy is read and the day run: a store that cannot take the records is said first
    const store = typeof flags.store === 'string' ? storeArgument(flags.store, io.cwd) : undefined
    if (store !== undefined) await requireStore(store)

    const target = await loadStrategyTarget(
      'simulate',
      file,
      typeof flags.directory === 'string' ? flags.directory : undefined,
      io,
    )
    if (!target) return EXIT.findings
    const { strategy, directory, strategies } = target
    const everyone = Object.keys(directory.agents ?? {})
    if (everyone.length === 0)
      throw new UsageError('The directory has no agents to simulate', 'Add agents to the directory file')
    const loggedIn =
      typeof flags['logged-in'] === 'string' ? agentsLoggedIn(flags['logged-in'], everyone) : everyone
    const agents = loggedIn.length
    // what no agent could ever answer is refused (exit 2); what only some contacts meet is said and run
    const findings = placeFindings(
      checkTraffic({
        strategy: strategy.strategy,
        strategies,
        directory,
        agents: loggedIn,
        ...callFields(setup),
        ...(startAt !== undefined ? { startAt } : {}),
      }),
      target.workspace,
      typeof flags.interaction === 'string'
        ? await readTextArgument(flags.interaction, io.cwd, 'interaction')
        : undefined,
    )
    if (findings.some((f) => f.severity === 'error')) {
      io.err(findingLines(findings.filter((f) => f.severity === 'error')))
      return EXIT.usage
    }
    if (findings.length > 0) io.err(findingLines(findings))

    const bar =
      io.errIsTTY === true && flags.format !== 'json' ? createProgressBar((text) => io.err(text)) : undefined
    let result: SimulationResult
    let recorded: { pending: number; spool: string } | undefined
    try {
      const options: SimulationOptions = {
        strategy: strategy.strategy,
        strategies,
        directory,
        countAgents: true,
        agents: loggedIn,
        ...callFields(setup),
        ...(setup.functions ? { functions: setup.functions } : {}),
        ...(startAt !== undefined ? { startAt } : {}),
        ...traffic,
        ahtSeconds,
        durationHours: hours + WARMUP_HOURS,
        warmupHours: WARMUP_HOURS,
        seed,
        serviceLevelSeconds: SERVICE_LEVEL_SECONDS,
        ...(patienceSeconds !== undefined ? { patienceSeconds } : {}),
        ...(bar ? { onProgress: (fraction: number) => bar.update(fraction) } : {}),
      }
      if (store === undefined) result = simulate(options)
      else {
        const run = await recordDay(store, options, io)
        if (run.interrupted) return run.exitCode
        result = run.result
        recorded = run
      }
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(error.message)
      throw error
    } finally {
      bar?.done()
    }
    // the mean rate is shown; Erlang's columns follow a profile interval by interval (compareWithErlang)
    const arrivalsPerHour =
      'arrivalsPerHour' in traffic
        ? traffic.arrivalsPerHour
        : meanProfileRate(traffic.arrivalProfile, WARMUP_HOURS, hours + WARMUP_HOURS)
    const input = {
      arrivalsPerHour,
      ...('arrivalProfile' in traffic ? { arrivalProfile: traffic.arrivalProfile } : {}),
      ahtSeconds,
      agents,
      hours,
      seed,
      serviceLevelSeconds: SERVICE_LEVEL_SECONDS,
      serviceLevelBasis,
      ...(patienceSeconds !== undefined ? { patienceSeconds } : {}),
      ...(setup.at !== undefined ? { start: setup.at } : {}),
    }
    const rows: ComparisonRow[] = compareWithErlang(result, input, {
      fromHours: WARMUP_HOURS,
      toHours: hours + WARMUP_HOURS,
    })
    if (flags.format === 'json') {
      io.out(
        jsonOutput({
          strategy: strategy.strategy,
          warnings: findings,
          serviceLevelDefinition: serviceLevelDefinition(serviceLevelBasis, SERVICE_LEVEL_SECONDS),
          input: {
            ...input,
            ...(setup.interaction ? { interaction: setup.interaction } : {}),
            ...(setup.functions ? { functions: setup.functions } : {}),
          },
          simulated: result,
          comparison: rows,
        }),
      )
    } else {
      io.out(simulationTable(strategy.strategy, input, rows, result, createStyle(io.color)))
    }
    if (typeof flags.html === 'string') {
      const target = path.resolve(io.cwd, flags.html)
      const html = simulationHtml(strategy.strategy, input, rows, result)
      try {
        await atomicReplace(target, Buffer.from(html, 'utf8'))
      } catch (error) {
        // the figures are printed already; only the page is missing, and no half-written file is left
        const shown = printableName(displayPath(target, io.cwd))
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
        io.err(
          error instanceof ReadOnlyFileError
            ? `error: Could not write ${shown}: it is read-only, so it was left as it is\nhint: Make it writable (chmod u+w) or give --html another file\n`
            : `error: Could not write ${shown} (${code})\nhint: Give --html a file in a folder you can write to\n`,
        )
        return EXIT.findings
      }
      io.err(`wrote ${printableName(displayPath(target, io.cwd))}\n`)
    }
    if (recorded && recorded.pending > 0) {
      io.err(
        `error: ${recorded.pending} records could not be written to the store; they are kept in ${printableName(recorded.spool)}\nhint: routewright history replay ${printableName(recorded.spool)} --store <store> writes them once the store takes them\n`,
      )
      return EXIT.findings
    }
    return EXIT.ok
  },
}
