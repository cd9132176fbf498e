// Reads `alarms.yaml` from a workspace with the DSL's document reader (positions, limits, how-to-fix messages), so
// every problem is a Diagnostic with file:line:col like the other workspace files. No file means no rules.
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describeKind, tooLargeMessage } from '@routewright/node-support/read'
import {
  type Diagnostic,
  type DirectoryDocument,
  MAX_DOCUMENT_BYTES,
  type NameFix,
  nameHint,
  type SourceLocator,
  type StrategyDocument,
  sortDiagnostics,
  tooLargeAdvice,
} from '@routewright/strategy-dsl'
import { ALARM_CODES, ALARMS_FILE, readAlarms } from './alarm-read.ts'
import { checkUnroutedAlarms } from './alarm-routed.ts'
import type { AlarmsDocument } from './alarm-schema.ts'

export type AlarmsLoad =
  | { ok: true; document: AlarmsDocument | undefined; file: string }
  | { ok: false; diagnostics: Diagnostic[]; file: string }

/** Groups and queues of the workspace's directory, to check the targets rules name. */
export interface AlarmTargets {
  groups: ReadonlySet<string>
  queues: ReadonlySet<string>
}

/** A rule's `queue` checked against the directory: undefined when it is fine; else why, and the name meant. */
function targetProblem(queue: string, known: AlarmTargets): { message: string; fix?: NameFix } | undefined {
  if (queue === '*') return undefined
  const colon = queue.indexOf(':')
  if (colon < 0)
    return {
      message: `"${queue}" names no target: write group:<id>, queue:<id>, skill:<name> or agent:<id> as the strategies do`,
    }
  const kind = queue.slice(0, colon)
  const name = queue.slice(colon + 1)
  const set = kind === 'group' ? known.groups : kind === 'queue' ? known.queues : undefined
  if (!set || set.has(name)) return undefined
  const { hint, fix } = nameHint(name, set, `${kind}s`)
  return { message: `The directory has no ${kind} "${name}".${hint}`, ...(fix ? { fix } : {}) }
}

/** Each rule's `queue` against the directory's groups and queues: RW482 at the rule's queue value. */
export function checkAlarmTargets(
  document: AlarmsDocument,
  locator: SourceLocator | undefined,
  file: string,
  known: AlarmTargets,
): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const [id, rule] of Object.entries(document.rules)) {
    const problem = rule.queue === undefined ? undefined : targetProblem(rule.queue, known)
    if (problem === undefined) continue
    const where = ['rules', id, 'queue']
    const range = locator?.rangeOf(where)
    out.push({
      code: ALARM_CODES.reference,
      severity: 'error',
      ...problem,
      path: where,
      file,
      ...(range ? { range } : {}),
    })
  }
  return out
}

/**
 * A read file's rules against the workspace: RW482 for a group or queue the directory lacks (with `known`), else
 * RW483 for one no strategy routes to (with `routing`). validate and the language server both call this.
 */
export function checkAlarmRules(
  document: AlarmsDocument,
  locator: SourceLocator | undefined,
  file: string,
  known?: AlarmTargets,
  routing?: AlarmRouting,
): Diagnostic[] {
  const missing = known ? checkAlarmTargets(document, locator, file, known) : []
  if (!routing) return missing
  // a rule on a target the directory lacks is RW482's alone
  const named = new Set(missing.map((d) => d.path[1]))
  const unrouted = checkUnroutedAlarms(document, locator, file, routing.strategies, routing.directory)
  return [...missing, ...unrouted.filter((d) => !named.has(d.path[1]))]
}

/** The workspace's strategies (and directory) that rules' groups and queues must be routed by (RW483). */
export interface AlarmRouting {
  strategies: ReadonlyMap<string, StrategyDocument>
  directory?: DirectoryDocument | undefined
}

/**
 * Parses alarms text with the DSL's reader (positions, how-to-fix messages); `known` checks that named groups and
 * queues exist in the directory, `routing` warns of those no strategy routes to. Serve and `routewright validate`
 * both call this.
 */
export function parseAlarms(
  text: string | Uint8Array,
  file: string,
  known?: AlarmTargets,
  routing?: AlarmRouting,
): { document?: AlarmsDocument; diagnostics: Diagnostic[] } {
  const read = readAlarms(text, file)
  // in line order, as validate prints them and serve refuses with them
  if (!read.document) return { diagnostics: sortDiagnostics(read.diagnostics) }
  const diagnostics = [
    ...read.diagnostics,
    ...checkAlarmRules(read.document, read.locator, file, known, routing),
  ]
  return diagnostics.some((d) => d.severity === 'error')
    ? { diagnostics: sortDiagnostics(diagnostics) }
    : { document: read.document, diagnostics }
}

/**
 * Reads `<root>/alarms.yaml` when it exists. Its diagnostics name it relative to the workspace (`alarms.yaml:9:12`),
 * as the strategies' do: serve's refusal printed the absolute path for this file alone.
 */
export function loadAlarms(root: string, known?: AlarmTargets): AlarmsLoad {
  const file = path.join(root, ALARMS_FILE)
  if (!existsSync(file)) return { ok: true, document: undefined, file }
  const refused = (message: string): AlarmsLoad => ({
    ok: false,
    file,
    diagnostics: [{ code: ALARM_CODES.syntax, severity: 'error', message, path: [], file: ALARMS_FILE }],
  })
  let text: string
  let fd: number | undefined
  try {
    // non-blocking: a named pipe nobody writes would hold serve's start, or a reload, forever
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
    const info = fstatSync(fd)
    if (!info.isFile())
      return refused(
        `It is ${describeKind(info)}, not a file: make ${ALARMS_FILE} a regular file, or remove it`,
      )
    // the DSL refuses over its document limit anyway: a huge file must not be read whole first
    if (info.size > MAX_DOCUMENT_BYTES)
      return refused(`${tooLargeMessage(info.size, MAX_DOCUMENT_BYTES)}. ${tooLargeAdvice('alarms')}`)
    text = readFileSync(fd, 'utf8')
  } catch (error) {
    return refused(`Cannot read the file: ${(error as Error).message}`)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
  const result = parseAlarms(text, ALARMS_FILE, known)
  return result.document
    ? { ok: true, document: result.document, file }
    : { ok: false, diagnostics: result.diagnostics, file }
}

/** The groups and queues of a directory, which rules may name (serve, validate and the language server). */
export function alarmTargetsOf(directory: DirectoryDocument): AlarmTargets {
  return {
    groups: new Set(Object.keys(directory.groups ?? {})),
    queues: new Set(Object.keys(directory.queues ?? {})),
  }
}

/** The workspace's alarms checked against its directory's groups and queues. */
export function alarmsForWorkspace(root: string, directory: DirectoryDocument): AlarmsLoad {
  return loadAlarms(root, alarmTargetsOf(directory))
}
