// Reads `alarms.yaml` from a workspace with the DSL's document reader (positions, limits, how-to-fix messages), so
// every problem is a Diagnostic with file:line:col like the other workspace files. No file means no rules.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import {
  type Diagnostic,
  type DirectoryDocument,
  type DocumentSpec,
  didYouMean,
  type SourceLocator,
  safeParseDocument,
  sortDiagnostics,
} from '@routewright/strategy-dsl'
import { type AlarmsDocument, alarmsDocumentSchema } from './alarm-schema.ts'

export const ALARMS_FILE = 'alarms.yaml'
/** Diagnostic codes of the alarms file (documented in packages/strategy-dsl/SPEC.md). */
export const ALARM_CODES = { syntax: 'RW480', shape: 'RW481', reference: 'RW482' } as const

export type AlarmsLoad =
  | { ok: true; document: AlarmsDocument | undefined; file: string }
  | { ok: false; diagnostics: Diagnostic[]; file: string }

/** Groups and queues of the workspace's directory, to check the targets rules name. */
export interface AlarmTargets {
  groups: ReadonlySet<string>
  queues: ReadonlySet<string>
}

const alarmsSpec: DocumentSpec<AlarmsDocument> = {
  kind: 'alarms',
  key: 'alarms',
  schema: alarmsDocumentSchema,
  labelOf: (where) => (where.length === 2 && where[0] === 'rules' ? `rule "${where[1]}"` : undefined),
}

/** The DSL's codes mapped to this file's: RW00x (reading, syntax) to RW480, the rest (shape, format) to RW481. */
function alarmCodeOf(d: Diagnostic): Diagnostic {
  if (d.severity !== 'error') return d
  return { ...d, code: d.code.startsWith('RW00') ? ALARM_CODES.syntax : ALARM_CODES.shape }
}

/** A rule's `queue` checked against the directory: undefined when it is fine. */
function targetProblem(queue: string, known: AlarmTargets): string | undefined {
  if (queue === '*') return undefined
  const colon = queue.indexOf(':')
  if (colon < 0)
    return `"${queue}" names no target: write group:<id>, queue:<id>, skill:<name> or agent:<id> as the strategies do`
  const kind = queue.slice(0, colon)
  const name = queue.slice(colon + 1)
  const set = kind === 'group' ? known.groups : kind === 'queue' ? known.queues : undefined
  if (!set || set.has(name)) return undefined
  const hint = didYouMean(name, set)
  return `The directory has no ${kind} "${name}".${hint || ` Its ${kind}s: ${[...set].sort().join(', ') || 'none'}.`}`
}

/** alarms text as the DSL's reader gives it: this file's codes, the rules when their shape is right, the locator. */
export interface AlarmsRead {
  document?: AlarmsDocument
  /** Where each part of the text is (`nodeAt` for an editor's requests); absent for text refused before YAML. */
  locator?: SourceLocator
  diagnostics: Diagnostic[]
}

/**
 * Reads alarms text with the DSL's reader (positions, how-to-fix messages), without the directory check.
 * `positions` keeps them from the one read, for an editor (`ParseOptions.positions`).
 */
export function readAlarms(
  text: string | Uint8Array,
  file: string,
  options: { positions?: boolean } = {},
): AlarmsRead {
  const parsed = safeParseDocument(alarmsSpec, text, { file, ...options })
  const diagnostics = parsed.diagnostics.map(alarmCodeOf)
  const locator = parsed.locator ? { locator: parsed.locator } : {}
  return parsed.success ? { document: parsed.data, ...locator, diagnostics } : { ...locator, diagnostics }
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
    const message = rule.queue === undefined ? undefined : targetProblem(rule.queue, known)
    if (message === undefined) continue
    const where = ['rules', id, 'queue']
    const range = locator?.rangeOf(where)
    out.push({
      code: ALARM_CODES.reference,
      severity: 'error',
      message,
      path: where,
      file,
      ...(range ? { range } : {}),
    })
  }
  return out
}

/**
 * Parses alarms text with the DSL's reader (positions, how-to-fix messages); `known` checks that named groups and
 * queues exist in the directory. Serve and `routewright validate` both call this.
 */
export function parseAlarms(
  text: string | Uint8Array,
  file: string,
  known?: AlarmTargets,
): { document?: AlarmsDocument; diagnostics: Diagnostic[] } {
  const read = readAlarms(text, file)
  // in line order, as validate prints them and serve refuses with them
  if (!read.document) return { diagnostics: sortDiagnostics(read.diagnostics) }
  const diagnostics = known
    ? [...read.diagnostics, ...checkAlarmTargets(read.document, read.locator, file, known)]
    : read.diagnostics
  return diagnostics.some((d) => d.severity === 'error')
    ? { diagnostics: sortDiagnostics(diagnostics) }
    : { document: read.document, diagnostics }
}

/** Reads `<root>/alarms.yaml` when it exists. */
export function loadAlarms(root: string, known?: AlarmTargets): AlarmsLoad {
  const file = path.join(root, ALARMS_FILE)
  if (!existsSync(file)) return { ok: true, document: undefined, file }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    return {
      ok: false,
      file,
      diagnostics: [
        {
          code: ALARM_CODES.syntax,
          severity: 'error',
          message: `Cannot read the file: ${(error as Error).message}`,
          path: [],
          file,
        },
      ],
    }
  }
  const result = parseAlarms(text, file, known)
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
