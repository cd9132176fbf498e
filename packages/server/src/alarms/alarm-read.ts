// pure: serve's reader of alarms.yaml text (the DSL's document reader with this file's schema and codes), apart from
// the file system so the designer's browser code reads the file with the same function.
import {
  type Diagnostic,
  type DocumentSpec,
  type SourceLocator,
  safeParseDocument,
} from '@routewright/strategy-dsl'
import { type AlarmsDocument, alarmsDocumentSchema } from './alarm-schema.ts'

export const ALARMS_FILE = 'alarms.yaml'
/** Diagnostic codes of the alarms file (documented in packages/strategy-dsl/SPEC.md). */
export const ALARM_CODES = { syntax: 'RW480', shape: 'RW481', reference: 'RW482', unrouted: 'RW483' } as const

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
