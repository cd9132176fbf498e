// pure: hover and completion in alarms.yaml from its JSON Schema (the one editors get from serve's package), and
// the queue names its rules may use from the directory.
import { alarmsJsonSchema } from '@routewright/server/alarms-json-schema'
import type { DirectoryDocument, Path } from '@routewright/strategy-dsl'
import type { JsonSchema } from '@routewright/strategy-dsl/json-schema'
import { keyOfLine, type Located } from './locate.ts'

let schema: JsonSchema | undefined
const root = () => (schema ??= alarmsJsonSchema())

/** The schema of the value at `path`: a declared property, else the schema of a record's entries. */
function schemaAt(path: Path): JsonSchema | undefined {
  let current: JsonSchema | undefined = root()
  for (const segment of path) {
    if (!current) return undefined
    const properties = current.properties as Record<string, JsonSchema> | undefined
    const extra: unknown = current.additionalProperties
    current =
      properties && Object.hasOwn(properties, String(segment))
        ? properties[String(segment)]
        : typeof extra === 'object' && extra !== null
          ? (extra as JsonSchema)
          : undefined
  }
  return current
}

/** The schema of every field named `key` anywhere in the file (figure, severity and queue appear once). */
function fieldNamed(key: string, at: JsonSchema = root()): JsonSchema | undefined {
  const properties = at.properties as Record<string, JsonSchema> | undefined
  if (properties && Object.hasOwn(properties, key)) return properties[key]
  const children = [
    ...Object.values(properties ?? {}),
    ...(typeof at.additionalProperties === 'object' ? [at.additionalProperties as JsonSchema] : []),
  ]
  for (const child of children) {
    const found = fieldNamed(key, child)
    if (found) return found
  }
  return undefined
}

/** A key's description, or a value's field description when the value is one of its choices. */
export function alarmsHover(at: Located | undefined): string | undefined {
  if (!at || at.path.length === 0) return undefined
  const field = String(at.path[at.path.length - 1])
  const described = schemaAt(at.path)
  if (!described || typeof described.description !== 'string') return undefined
  if (at.onKey) return `**${field}**\n\n${described.description}`
  const choices = described.enum as unknown[] | undefined
  return choices?.includes(at.value) ? `**${field}**: \`${at.value}\`\n\n${described.description}` : undefined
}

/** A completion item of alarms.yaml (the features' `CompletionEntry` takes these kinds). */
export interface AlarmsCompletion {
  label: string
  kind: 'field' | 'value' | 'directory'
  detail: string
}

/** The keys of the block mappings that hold the line at `offset`, from the indentation above it. */
function enclosingPath(text: string, offset: number): string[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  let indent = /^[ \t]*/.exec(text.slice(lineStart, offset))![0].length
  const path: string[] = []
  for (const line of text.slice(0, lineStart).split('\n').reverse()) {
    const match = /^([ \t]*)([A-Za-z_][\w-]*):\s*(?:#.*)?$/.exec(line)
    if (!match || match[1]!.length >= indent) continue
    path.unshift(match[2]!)
    indent = match[1]!.length
    if (indent === 0) break
  }
  return path
}

/**
 * After `key:`, the values that key takes (`figure`, `severity`; a rule's `queue` from the directory);
 * at the start of a line, the fields of the mapping it is in.
 */
export function alarmsCompletion(
  text: string,
  offset: number,
  directory: DirectoryDocument | undefined,
): AlarmsCompletion[] {
  const key = keyOfLine(text, offset)
  if (key === 'queue') {
    const names = (section: 'groups' | 'queues', kind: string) =>
      Object.keys(directory?.[section] ?? {}).map((name) => ({
        label: `${kind}:${name}`,
        kind: 'directory' as const,
        detail: `${kind} in the directory`,
      }))
    return [
      { label: '*', kind: 'value', detail: 'every queue' },
      ...names('groups', 'group'),
      ...names('queues', 'queue'),
    ]
  }
  if (key !== undefined) {
    const choices = (fieldNamed(key)?.enum as unknown[] | undefined) ?? []
    return choices.map((value) => ({ label: String(value), kind: 'value', detail: key }))
  }
  const mapping = schemaAt(enclosingPath(text, offset))
  const properties = (mapping?.properties ?? {}) as Record<string, JsonSchema>
  return Object.entries(properties).map(([name, field]) => ({
    label: name,
    kind: 'field',
    detail: typeof field.description === 'string' ? field.description : name,
  }))
}
