// pure: how the file list groups workspace files, names new strategies and finds a strategy's tests
import {
  type DirectoryDocument,
  documentSuffixOf,
  MAX_DOCUMENT_BYTES,
  tooLargeAdvice,
} from '@routewright/strategy-dsl'
import { type FileMeta, MAX_FILE_BYTES, type WorkspaceFileKind } from '../api/protocol.ts'

export interface FileGroup {
  kind: WorkspaceFileKind
  title: string
  files: FileMeta[]
}

const GROUP_TITLES: ReadonlyArray<readonly [WorkspaceFileKind, string]> = [
  ['strategy', 'Strategies'],
  ['directory', 'Directories'],
  ['test', 'Tests'],
]

/** Files grouped by kind (strategies first), each group sorted by path. */
export function groupFiles(files: readonly FileMeta[]): FileGroup[] {
  return GROUP_TITLES.map(([kind, title]) => ({
    kind,
    title,
    files: files.filter((f) => f.kind === kind).sort((a, b) => a.path.localeCompare(b.path)),
  }))
}

/** Whether the designer may read a listed file: one over MAX_FILE_BYTES is listed from its stat, never read. */
export function isReadable(file: FileMeta): boolean {
  return file.tooLarge !== true
}

/**
 * Why a file over MAX_FILE_BYTES does not open, and what to do: the DSL's advice for its kind, and the CLI, whose
 * limit is higher, for a file the designer refuses but `routewright validate` still reads.
 */
export function tooLargeTitle(file: Pick<FileMeta, 'path' | 'size' | 'kind'>): string {
  const size = `${(file.size / 1024 / 1024).toFixed(1)} MB`
  const cli =
    file.size <= MAX_DOCUMENT_BYTES
      ? ` Until then, \`routewright validate ${file.path}\` still reads it.`
      : ''
  return `${file.path}: ${size}, over the designer's ${MAX_FILE_BYTES / 1024 / 1024} MB limit, so it does not open here. ${tooLargeAdvice(file.kind)}${cli}`
}

/** The file name without folder and document suffix: `sales/vip.strategy.yaml` -> `vip`. */
export function baseName(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1)
  return name.slice(0, name.length - documentSuffixOf(name).length)
}

/** The folder part with a trailing slash, or '' at the workspace root. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash < 0 ? '' : path.slice(0, slash + 1)
}

/**
 * `path` written relative to `folder` (a `folderOf` result): what a test file's `directory:` says.
 * @example relativePath('sales/', 'shared/cc.directory.yaml') // '../shared/cc.directory.yaml'
 */
export function relativePath(folder: string, path: string): string {
  const from = folder.split('/').filter((p) => p !== '')
  const to = path.split('/')
  let common = 0
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/')
}

/** The document suffix of a path (`.strategy.yaml`), so a rename keeps the kind. */
export function suffixOf(path: string): string {
  return documentSuffixOf(path)
}

/**
 * The test file of a strategy: `<name>.test.yaml` (or .yml/.json) beside it, as listed by the server.
 * @example testFileFor('sales/vip.strategy.yaml', files) // 'sales/vip.test.yaml' when listed
 */
export function testFileFor(strategyPath: string, files: readonly FileMeta[]): FileMeta | undefined {
  const stem = folderOf(strategyPath) + baseName(strategyPath)
  return files.find((f) => f.kind === 'test' && folderOf(f.path) + baseName(f.path) === stem)
}

/** Directory files, nearest first: same folder, then the others by path. */
export function directoryFilesFor(strategyPath: string, files: readonly FileMeta[]): FileMeta[] {
  const folder = folderOf(strategyPath)
  return files
    .filter((f) => f.kind === 'directory')
    .sort((a, b) => {
      const near = Number(folderOf(b.path) === folder) - Number(folderOf(a.path) === folder)
      return near || a.path.localeCompare(b.path)
    })
}

const ID = /^[a-z][a-z0-9_-]{0,63}$/

/** Why a new strategy id cannot be used, or undefined when it can. */
export function checkNewName(name: string, folder: string, suffix: string, files: readonly FileMeta[]) {
  if (!ID.test(name)) {
    return 'Use a lower-case id that starts with a letter: letters, digits, "-" and "_" (e.g. vip-support).'
  }
  const path = `${folder}${name}${suffix}`
  if (files.some((f) => f.path.toLowerCase() === path.toLowerCase())) return `${path} already exists.`
  return undefined
}

/** The group most agents serve (the first of those in directory order): the broadest desk, not the directory's
 * first group (the examples' VIP desk). */
function busiestGroup(directory: DirectoryDocument | undefined): string | undefined {
  const counts = new Map(Object.keys(directory?.groups ?? {}).map((group) => [group, 0]))
  for (const agent of Object.values(directory?.agents ?? {})) {
    for (const group of agent.groups ?? []) {
      const count = counts.get(group)
      if (count !== undefined) counts.set(group, count + 1)
    }
  }
  let best: string | undefined
  for (const [group, count] of counts) if (best === undefined || count > counts.get(best)!) best = group
  return best
}

/** The calendar kept in `timeZone` (where the designer runs), else the directory's first. */
function localCalendar(
  directory: DirectoryDocument | undefined,
  timeZone: string | undefined,
): string | undefined {
  const calendars = Object.entries(directory?.calendars ?? {})
  return (calendars.find(([, calendar]) => calendar.timezone === timeZone) ?? calendars[0])?.[0]
}

/** The designer's time zone, when the browser says. */
function ownTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone
  } catch {
    return undefined
  }
}

/**
 * A new strategy's first draft, the shape most inbound strategies take: a business-hours check whose "open" path
 * offers the call to agents and whose other paths end on the default route. From the directory when there is one:
 * the group most agents serve and the calendar of `timeZone`; otherwise names the validator flags until the
 * directory has them. Written as `routewright fmt` writes it (`fmt --check` passes before the first save).
 */
export function newStrategyText(
  id: string,
  directory?: DirectoryDocument,
  timeZone: string | undefined = ownTimeZone(),
): string {
  const calendar = localCalendar(directory, timeZone) ?? 'business_hours'
  const group = busiestGroup(directory) ?? 'support'
  return [
    `strategy: ${id}`,
    'format: 1',
    `title: ${id}`,
    '',
    'start: hours',
    'nodes:',
    '  hours:',
    '    type: schedule',
    '    title: Open now?',
    `    calendar: ${calendar}`,
    '    next: { open: agents, closed: closed, holiday: closed }',
    '',
    '  agents:',
    '    type: target',
    '    title: Agents',
    `    targets: [{ group: ${group} }]`,
    '    wait: 2m',
    '    next: { timeout: closed, error: closed }',
    '',
    '  closed:',
    '    type: end',
    '    title: Default route',
    '    outcome: default-route',
    '',
  ].join('\n')
}
