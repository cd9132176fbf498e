// pure over a Project: hover, completion, go to definition, rename of a node id, outline and formatting, in offsets and
// DSL ranges (the server turns them into LSP positions).
import {
  type DirectoryDocument,
  fieldsAt,
  formatDirectoryText,
  formatStrategyText,
  formatTestText,
  kindOf,
  lookupStatistic,
  NODE_TYPES,
  nodeKinds,
  type OutlineEntry,
  outlineOf,
  type Path,
  PICK_RULE_DESCRIPTIONS,
  type Range,
  STATISTICS,
  type StrategyDocument,
} from '@routewright/strategy-dsl'
import { alarmsCompletion, alarmsHover } from './alarms-features.ts'
import { type KeyPosition, keyPositionAt } from './key-position.ts'
import { keyOfLine, type Located, wordAt } from './locate.ts'
import type { Project, ProjectFile } from './project.ts'
import { type FileEdit, idRange, testPathEdits } from './rename-test-paths.ts'
import { variableHover } from './variable-hover.ts'

/** Directory sections and the keys that name an entry of each in strategies and test files. */
const SECTIONS = {
  groups: ['group', 'groups'],
  queues: ['queue', 'queues'],
  skills: ['skill', 'skills'],
  agents: ['agent', 'agents'],
  calendars: ['calendar', 'calendars'],
  destinations: ['destination'],
  functions: ['function'],
} as const
type Section = keyof typeof SECTIONS

export interface Location {
  file: string
  range: Range
}

export interface CompletionEntry {
  label: string
  kind: 'node' | 'kind' | 'statistic' | 'directory' | 'strategy' | 'field' | 'value'
  detail: string
  /** Written instead of the label (`type: `). */
  insertText?: string
  /** Ask the editor for the next completion once this one is in (the node kinds after `type: `). */
  suggest?: boolean
}

/** Every place a strategy names a node: `start` and each output of each node, with the id it names. */
export function nodeReferences(strategy: StrategyDocument): Array<{ path: Path; target: string }> {
  const out: Array<{ path: Path; target: string }> = [{ path: ['start'], target: strategy.start }]
  for (const [id, node] of Object.entries(strategy.nodes)) {
    for (const output of kindOf(node).outputs(node)) {
      if (output.target !== undefined)
        out.push({ path: ['nodes', id, ...output.path], target: output.target })
    }
  }
  return out
}

/** Where the cursor is, from the parse the project keeps for this version of the file (no parse per request). */
function locateAt(project: Project, entry: ProjectFile, offset: number): Located | undefined {
  return project.locate(entry, offset)
}

/** Whether `path` is one of `nodeReferences`: only the node on the path is asked for its outputs, not every node. */
function isReferencePath(strategy: StrategyDocument, path: Path): boolean {
  if (samePath(path, ['start'])) return true
  const id = path[1]
  if (path[0] !== 'nodes' || typeof id !== 'string' || !Object.hasOwn(strategy.nodes, id)) return false
  const node = strategy.nodes[id]!
  return kindOf(node)
    .outputs(node)
    .some((output) => output.target !== undefined && samePath(['nodes', id, ...output.path], path))
}

/** The strategy a node's field at `path` names, from the node kind's own references (`call`, a route's `strategy`). */
function strategyNamedAt(file: ProjectFile, path: Path): string | undefined {
  const id = path[1]
  if (
    !file.strategy ||
    path[0] !== 'nodes' ||
    typeof id !== 'string' ||
    !Object.hasOwn(file.strategy.nodes, id)
  )
    return undefined
  const node = file.strategy.nodes[id]!
  return kindOf(node)
    .references?.(node)
    .find((ref) => ref.kind === 'strategy' && !ref.atKey && samePath(['nodes', id, ...ref.path], path))?.name
}

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((segment, i) => String(segment) === String(b[i]))
}

/** The node id under the cursor: a key under `nodes`, or a value where the strategy names a node. */
function nodeIdAt(file: ProjectFile, at: Located | undefined): string | undefined {
  if (!at || !file.strategy) return undefined
  if (at.onKey && at.path.length === 2 && at.path[0] === 'nodes') return at.value
  if (!at.onKey && isReferencePath(file.strategy, at.path)) return at.value
  return undefined
}

function sectionOf(key: string | undefined): Section | undefined {
  if (key === undefined) return undefined
  return (Object.keys(SECTIONS) as Section[]).find((section) =>
    (SECTIONS[section] as readonly string[]).includes(key),
  )
}

/** The directory section holding `name`, preferring the one the key suggests. */
function directoryEntry(
  directory: DirectoryDocument | undefined,
  name: string,
  key?: string,
): Section | undefined {
  if (!directory) return undefined
  const preferred = sectionOf(key)
  const sections = preferred
    ? [preferred, ...(Object.keys(SECTIONS) as Section[])]
    : (Object.keys(SECTIONS) as Section[])
  return sections.find((section) => Object.hasOwn(directory[section] ?? {}, name))
}

function describeEntry(directory: DirectoryDocument, section: Section, name: string): string {
  const entry = (directory[section] as Record<string, Record<string, unknown>> | undefined)?.[name] ?? {}
  const lines = [
    `**${section.replace(/s$/, '')}** \`${name}\`${typeof entry.title === 'string' ? `: ${entry.title}` : ''}`,
  ]
  if (section === 'groups') {
    const members = Object.entries(directory.agents ?? {})
      .filter(([, a]) => a.groups?.includes(name))
      .map(([id]) => id)
    lines.push(
      `${members.length} agent${members.length === 1 ? '' : 's'}${members.length > 0 ? `: ${members.slice(0, 10).join(', ')}` : ''}`,
    )
    if (typeof entry.site === 'string') lines.push(`site \`${entry.site}\``)
  } else if (section === 'queues' && Array.isArray(entry.groups)) {
    lines.push(`served by ${entry.groups.map((g) => `\`${g}\``).join(', ')}`)
  } else if (section === 'agents') {
    if (Array.isArray(entry.groups)) lines.push(`groups ${entry.groups.join(', ')}`)
    if (entry.skills)
      lines.push(
        `skills ${Object.entries(entry.skills)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      )
  } else if (section === 'destinations') {
    lines.push(`${String(entry.type)} \`${String(entry.address)}\``)
  } else if (section === 'calendars' && typeof entry.timezone === 'string') {
    lines.push(`time zone ${entry.timezone}`)
  }
  return lines.join('\n\n')
}

export function hover(project: Project, file: string, offset: number): string | undefined {
  const entry = project.get(file)
  if (!entry) return undefined
  const at = locateAt(project, entry, offset)
  // an alarms key says what it is for; a value names a directory entry (below) or one of the key's choices
  if (entry.kind === 'alarms' && at?.onKey) return alarmsHover(at)
  if (at && !at.onKey && at.path[at.path.length - 1] === 'type' && Object.hasOwn(nodeKinds, at.value)) {
    const kind = nodeKinds[at.value as keyof typeof nodeKinds]
    return `**${kind.title}** (\`${kind.type}\`)\n\n${kind.description}`
  }
  // a pick rule's value says how the agent is chosen
  if (
    at &&
    !at.onKey &&
    at.path[at.path.length - 1] === 'pick' &&
    Object.hasOwn(PICK_RULE_DESCRIPTIONS, at.value)
  )
    return `**pick** \`${at.value}\`\n\n${PICK_RULE_DESCRIPTIONS[at.value as keyof typeof PICK_RULE_DESCRIPTIONS]}`
  const nodeId = nodeIdAt(entry, at)
  const node = nodeId !== undefined ? entry.strategy?.nodes[nodeId] : undefined
  if (nodeId !== undefined && node) {
    const kind = kindOf(node)
    const title = (node as { title?: string }).title
    return `**node** \`${nodeId}\`${title ? `: ${title}` : ''} (${kind.title})\n\n${kind.summary(node)}`
  }
  // a variable or input read in an expression: its declaration
  const variable = variableHover(project, entry, offset)
  if (variable) return variable
  const word = wordAt(entry.text, offset)
  if (!word) return undefined
  const statistic = lookupStatistic(word.word)
  if (statistic) {
    const info = statistic.info
    return `**statistic** \`${info.name}\` (${info.unit}; ${info.subjects.join(', ')})\n\n${info.description}`
  }
  const directory = directoryOf(project, entry)
  const section = directoryEntry(
    directory?.directory,
    word.word,
    at?.onKey ? undefined : String(at?.path[at.path.length - 1] ?? ''),
  )
  if (directory?.directory && section) return describeEntry(directory.directory, section, word.word)
  return entry.kind === 'alarms' ? alarmsHover(at) : undefined
}

function directoryOf(project: Project, entry: ProjectFile): ProjectFile | undefined {
  if (entry.kind === 'directory') return entry
  if (entry.kind === 'test') return project.testDirectory(entry).directory
  return project.directoryFor(entry.path)
}

export function definition(project: Project, file: string, offset: number): Location | undefined {
  const entry = project.get(file)
  if (!entry) return undefined
  const at = locateAt(project, entry, offset)
  const nodeId = nodeIdAt(entry, at)
  if (nodeId !== undefined && entry.locator) {
    const range = entry.locator.keyRangeOf(['nodes', nodeId])
    return range ? { file, range } : undefined
  }
  const key = at && !at.onKey ? String(at.path[at.path.length - 1] ?? '') : undefined
  // a subroutine's `call` and a route's `strategy` name other strategies (the node kind says where); a test file
  // names the strategy it tests
  const called = at && !at.onKey ? strategyNamedAt(entry, at.path) : undefined
  if (called !== undefined || (at && !at.onKey && entry.kind === 'test' && samePath(at.path, ['tests']))) {
    const target = project.strategyFileFor(called ?? at!.value, entry.path)
    const range = target?.locator?.rangeOf(['strategy'])
    return target && range ? { file: target.path, range } : undefined
  }
  if (at && !at.onKey && entry.kind === 'test' && samePath(at.path, ['directory'])) {
    const target = project.testDirectory(entry).directory
    const range = target?.locator?.rangeOf(['directory'])
    return target && range ? { file: target.path, range } : undefined
  }
  const word = wordAt(entry.text, offset)
  const directory = directoryOf(project, entry)
  if (!word || !directory?.directory || !directory.locator) return undefined
  const section = directoryEntry(directory.directory, word.word, key)
  const range = section ? directory.locator.keyRangeOf([section, word.word]) : undefined
  return range ? { file: directory.path, range } : undefined
}

export function completion(project: Project, file: string, offset: number): CompletionEntry[] {
  const entry = project.get(file)
  if (!entry) return []
  if (entry.kind === 'alarms')
    return alarmsCompletion(entry.text, offset, project.directoryFor(entry.path)?.directory)
  // a key half-typed in a block mapping completes with the fields the schema declares there, less those written
  const keyAt = keyPositionAt(entry.text, offset)
  const fields = keyAt && fieldCompletion(entry.kind, keyAt)
  // a list of names (`path: [` items, `- vip`) has no fields: the names below complete it
  if (keyAt && (fields!.length > 0 || !(keyAt.flow || keyAt.path.some((key) => typeof key === 'number'))))
    return fields!
  const key = keyOfLine(entry.text, offset)
  if (key === 'type' && entry.kind === 'strategy') {
    return NODE_TYPES.map((type) => ({ label: type, kind: 'kind', detail: nodeKinds[type].title }))
  }
  if ((key === 'tests' && entry.kind === 'test') || key === 'strategy' || key === 'call') {
    // a strategy calling or handing over to itself loops: its own id is left out
    const own = entry.strategy?.strategy
    return [...project.strategies().keys()]
      .filter((id) => id !== own)
      .map((id) => ({ label: id, kind: 'strategy', detail: 'strategy' }))
  }
  const directory = directoryOf(project, entry)?.directory
  const section = sectionOf(key)
  const names = (s: Section) =>
    Object.entries(directory?.[s] ?? {}).map(([name, value]) => ({
      label: name,
      kind: 'directory' as const,
      detail: `${s.replace(/s$/, '')}${typeof (value as { title?: unknown }).title === 'string' ? `: ${(value as { title: string }).title}` : ''}`,
    }))
  if (section) return names(section)
  const nodes = Object.entries(entry.strategy?.nodes ?? partialNodes(entry.text)).map(([id, node]) => ({
    label: id,
    kind: 'node' as const,
    detail: node ? `node (${kindOf(node as never)?.title ?? 'node'})` : 'node',
  }))
  const statistics = STATISTICS.map((s) => ({
    label: s.name,
    kind: 'statistic' as const,
    detail: `statistic (${s.unit})`,
  }))
  if (
    key === 'start' ||
    key === 'next' ||
    key === 'default' ||
    /^(timeout|error|open|closed|holiday|found|not-found|failed|done|done|returned)$/.test(key ?? '')
  ) {
    return nodes
  }
  const all = (Object.keys(SECTIONS) as Section[]).flatMap(names)
  return [...nodes, ...statistics, ...all]
}

function fieldCompletion(kind: 'strategy' | 'directory' | 'test', at: KeyPosition): CompletionEntry[] {
  // what is written so far, nested along the path (a list item is an array): a node's `type` picks its kind's fields
  const nest = (inner: unknown, key: string | number, i: number) =>
    typeof key === 'number' ? [inner] : { ...at.beside[i], [key]: inner }
  const value = at.path.reduceRight<unknown>((inner, key, i) => nest(inner, key, i), at.siblings)
  const detail = `field of ${at.path.findLast((key) => typeof key === 'string') ?? kind}`
  const fields = fieldsAt(kind, at.path, value).filter((field) => !Object.hasOwn(at.siblings, field))
  const untyped = kind === 'strategy' && at.path.length === 2 && at.path[0] === 'nodes' && !at.siblings.type
  if (!untyped) return fields.map((field) => ({ label: field, kind: 'field', detail }))
  // a node with no `type` yet: `type` first (its value completes with the node kinds), then the fields all kinds share
  const shared = fields.filter((field) =>
    NODE_TYPES.every((type) =>
      fieldsAt(kind, at.path, { nodes: { [at.path[1]!]: { ...at.siblings, type } } }).includes(field),
    ),
  )
  return [
    {
      label: 'type',
      kind: 'field',
      detail: `the node kind: ${NODE_TYPES.join(', ')}`,
      insertText: 'type: ',
      suggest: true,
    },
    ...shared
      .filter((field) => field !== 'type')
      .map((field) => ({ label: field, kind: 'field' as const, detail })),
  ]
}

/** Node ids of a strategy that does not parse yet (the user is typing): keys indented under `nodes:`. */
function partialNodes(text: string): Record<string, undefined> {
  const out: Record<string, undefined> = {}
  const block = /^nodes:\s*\n((?:[ \t]+.*\n?|\s*\n)*)/m.exec(text)?.[1] ?? ''
  const indent = /^([ \t]+)\S/m.exec(block)?.[1]
  if (!indent) return out
  for (const match of block.matchAll(new RegExp(`^${indent}([A-Za-z_][\\w-]*):`, 'gm')))
    out[match[1]!] = undefined
  return out
}

export interface RenameEdits {
  /** In the strategy and in the test files whose expected paths name the node. */
  edits: FileEdit[]
}

const ID_RE = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/

/** The node id under the cursor and where it is, for prepareRename. */
export function renameTarget(
  project: Project,
  file: string,
  offset: number,
): { id: string; start: number; end: number } | undefined {
  const entry = project.get(file)
  if (!entry) return undefined
  const at = locateAt(project, entry, offset)
  const id = nodeIdAt(entry, at)
  return id !== undefined && at ? { id, start: at.start, end: at.end } : undefined
}

/** Renames node `id` of a strategy: its key, every reference (`start` and each output) and its tests' expected paths. */
export function renameNode(
  project: Project,
  file: string,
  offset: number,
  newName: string,
): RenameEdits | string {
  const entry = project.get(file)
  // mid-typing the file may not parse: say so, rather than blame where the cursor is
  if (entry?.kind === 'strategy' && !entry.strategy)
    return 'The strategy does not parse yet: fix its errors first, then rename the node'
  const target = renameTarget(project, file, offset)
  if (!entry?.strategy || !entry.locator || !target) return 'Place the cursor on a node id to rename it'
  if (!ID_RE.test(newName))
    return `"${newName}" is not a valid node id: use letters, digits, _ and -, starting with a letter or _`
  // the same name changes nothing: no edits, rather than edits that write each id over itself
  if (newName === target.id) return { edits: [] }
  if (Object.hasOwn(entry.strategy.nodes, newName)) return `A node "${newName}" already exists`
  const edits: FileEdit[] = nodeIdRanges(entry, target.id).map((range) => ({ file, range, newText: newName }))
  edits.push(...testPathEdits(project, entry, target.id, newName))
  return { edits }
}

/** Where node `id` is written in its own strategy file: its key, `start` and each output naming it (ids only). */
function nodeIdRanges(entry: ProjectFile, id: string): Range[] {
  if (!entry.strategy || !entry.locator) return []
  const out: Range[] = []
  const keyRange = entry.locator.keyRangeOf(['nodes', id])
  if (keyRange) out.push(keyRange)
  for (const ref of nodeReferences(entry.strategy)) {
    if (ref.target !== id) continue
    const whole = entry.locator.rangeOf(ref.path)
    // the range may include quotes: only the id inside them
    const range = whole && idRange(entry.text, whole, id)
    if (range) out.push(range)
  }
  return out
}

/** documentHighlight: the node id under the cursor wherever this file writes it (this file only: cheap). */
export function highlights(project: Project, file: string, offset: number): Range[] {
  const entry = project.get(file)
  const target = entry && renameTarget(project, file, offset)
  return entry && target ? nodeIdRanges(entry, target.id) : []
}

/** The file's sections and entries (document symbols), from its last parse; none while it does not parse. */
export function outline(project: Project, file: string): OutlineEntry[] {
  const entry = project.get(file)
  if (!entry?.locator) return []
  if (entry.strategy) return outlineOf({ kind: 'strategy', document: entry.strategy }, entry.locator)
  if (entry.directory) return outlineOf({ kind: 'directory', document: entry.directory }, entry.locator)
  if (entry.test) return outlineOf({ kind: 'test', document: entry.test }, entry.locator)
  return []
}

/** The canonical text of the file, or undefined when it does not parse (the formatter never guesses). */
export function format(project: Project, file: string): string | undefined {
  const entry = project.get(file)
  // alarms.yaml has no canonical form yet: it is checked, never rewritten
  if (!entry || entry.kind === 'alarms' || /\.json$/i.test(file)) return undefined
  // the project's read of this version refused it (a syntax error, over the node limit): the formatter's own full
  // parse would refuse it too, after seconds of work on a huge file
  if (!entry.strategy && !entry.directory && !entry.test) return undefined
  const formatter =
    entry.kind === 'strategy'
      ? formatStrategyText
      : entry.kind === 'directory'
        ? formatDirectoryText
        : formatTestText
  try {
    return formatter(entry.text)
  } catch {
    return undefined
  }
}
