// Reads `alarms.yaml` from a workspace: YAML with source positions, then the schema, so every problem is reported
// as a Diagnostic with file:line:col like the other workspace files. No file means no rules.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Diagnostic, DirectoryDocument, Range } from '@routewright/strategy-dsl'
import { isNode, LineCounter, parseDocument } from 'yaml'
import { type AlarmsDocument, alarmsDocumentSchema } from './alarm-schema.ts'

export const ALARMS_FILE = 'alarms.yaml'
/** Diagnostic codes of the alarms file (documented in packages/strategy-dsl/SPEC.md). */
export const ALARM_CODES = { syntax: 'RW480', shape: 'RW481', reference: 'RW482' } as const

export type AlarmsLoad =
  | { ok: true; document: AlarmsDocument | undefined; file: string }
  | { ok: false; diagnostics: Diagnostic[]; file: string }

type Path = Array<string | number>

function rangeFrom(counter: LineCounter, start: number, end: number): Range {
  const a = counter.linePos(start)
  const b = counter.linePos(end)
  return {
    start: { line: a.line, column: a.col, offset: start },
    end: { line: b.line, column: b.col, offset: end },
  }
}

/** Parses alarms text; `known` checks that named groups and queues exist in the directory. */
export function parseAlarms(
  text: string,
  file: string,
  known?: { groups: ReadonlySet<string>; queues: ReadonlySet<string> },
): { document?: AlarmsDocument; diagnostics: Diagnostic[] } {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0)
    return {
      diagnostics: doc.errors.map((error) => ({
        code: ALARM_CODES.syntax,
        severity: 'error',
        message: `YAML: ${error.message.split('\n')[0]}`,
        path: [],
        file,
        range: rangeFrom(counter, error.pos[0], error.pos[1]),
      })),
    }
  const located = (code: string, message: string, where: Path): Diagnostic => {
    // the nearest node that exists along the path
    for (let n = where.length; n >= 0; n--) {
      const node = doc.getIn(where.slice(0, n), true)
      if (isNode(node) && node.range) {
        return {
          code,
          severity: 'error',
          message,
          path: where,
          file,
          range: rangeFrom(counter, node.range[0], node.range[1]),
        }
      }
    }
    return { code, severity: 'error', message, path: where, file }
  }
  const parsed = alarmsDocumentSchema.safeParse(doc.toJS())
  if (!parsed.success)
    return {
      diagnostics: parsed.error.issues.map((issue) => {
        const where = issue.path.map((p) => (typeof p === 'number' ? p : String(p)))
        // an unknown key is shown where it is written
        const at = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...where, issue.keys[0]] : where
        return located(ALARM_CODES.shape, issue.message, at)
      }),
    }
  const diagnostics: Diagnostic[] = []
  if (known)
    for (const [id, rule] of Object.entries(parsed.data.rules)) {
      const queue = rule.queue
      if (queue === undefined || queue === '*') continue
      const [kind, name] = queue.includes(':') ? (queue.split(':', 2) as [string, string]) : ['', queue]
      const set = kind === 'group' ? known.groups : kind === 'queue' ? known.queues : undefined
      if (kind === '' || (set && !set.has(name)))
        diagnostics.push(
          located(
            ALARM_CODES.reference,
            kind === ''
              ? `"${queue}" names no target: write group:<id>, queue:<id>, skill:<name> or agent:<id> as the strategies do`
              : `The directory has no ${kind} "${name}"`,
            ['rules', id, 'queue'],
          ),
        )
    }
  return diagnostics.length > 0 ? { diagnostics } : { document: parsed.data, diagnostics }
}

/** Reads `<root>/alarms.yaml` when it exists. */
export function loadAlarms(
  root: string,
  known?: { groups: ReadonlySet<string>; queues: ReadonlySet<string> },
): AlarmsLoad {
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

/** The workspace's alarms checked against its directory's groups and queues. */
export function alarmsForWorkspace(root: string, directory: DirectoryDocument): AlarmsLoad {
  return loadAlarms(root, {
    groups: new Set(Object.keys(directory.groups ?? {})),
    queues: new Set(Object.keys(directory.queues ?? {})),
  })
}
